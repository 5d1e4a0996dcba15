package main

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// openWorkers send the open loop's requests, each on its own keep-alive connection
// (opened before the measurement); maxBacklog bounds the requests due and not yet sent.
const openWorkers, maxBacklog = 32, 1024

var errWarm = errors.New("a request opening the open loop's connections failed")

// openLoop sends p to s at a fixed rate for d, whatever the server's pace, and records
// each latency from the moment the request was due (so a stall counts for every request
// it delays), and how late the harness itself sent it. A fixed pool of workers sends (no
// connection storm when the server lags); a request due while maxBacklog others wait is
// an error.
func openLoop(ctx context.Context, s *server, p payload, rate int, d time.Duration) (sample, error) {
	clients := s.openClients(openWorkers)
	if err := warm(clients, s, p); err != nil {
		return sample{}, err
	}
	interval := time.Second / time.Duration(rate)
	w := newWindow(int(d / interval))
	q := newQueue(maxBacklog, len(clients))
	gc := quietGC()
	dials0 := s.dials.Load()
	start := time.Now()
	tick, err := newTicker(interval)
	if err != nil {
		gc()
		return sample{}, err
	}
	defer tick.stop()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for i := range q.take {
				at := start.Add(time.Duration(i) * interval)
				w.late[i] = time.Since(at)
				w.failed[i] = !post(c, s, p)
				w.lat[i] = time.Since(at)
				q.done()
			}
		})
	}
	err = dispatch(ctx, tick, start, interval, q, w)
	q.close()
	wg.Wait()
	out := w.sample()
	out.elapsed = time.Since(start)
	out.dials = s.dials.Load() - dials0
	out.gcs = gc()
	return out, err
}

// warm sends one request on each worker's connection, all at once, so every connection
// is open (its TLS handshake done) before the measurement.
func warm(clients []*http.Client, s *server, p payload) error {
	var wg sync.WaitGroup
	failed := make([]bool, len(clients))
	for i, c := range clients {
		wg.Go(func() { failed[i] = !post(c, s, p) })
	}
	wg.Wait()
	for _, f := range failed {
		if f {
			return errWarm
		}
	}
	return nil
}
