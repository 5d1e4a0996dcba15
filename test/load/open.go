package main

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

// openWorkers send the open loop's requests over as many keep-alive connections, opened
// before the measurement; maxBacklog bounds the requests due and not yet sent.
const openWorkers, maxBacklog = 32, 1024

var errWarm = errors.New("a request opening the open loop's connections failed")

// openLoop sends p to s at a fixed rate for d, whatever the server's pace, and records
// each latency from the moment the request was due (so a stall counts for every request
// it delays), and how late the harness itself sent it. A fixed pool of workers sends (no
// connection storm when the server lags); a request due while maxBacklog others wait is
// an error.
func openLoop(ctx context.Context, s *server, p payload, rate int, d time.Duration) (sample, error) {
	if err := warm(s, p, openWorkers); err != nil {
		return sample{}, err
	}
	interval := time.Second / time.Duration(rate)
	w := newWindow(int(d / interval))
	q := newQueue(maxBacklog, openWorkers)
	gc := quietGC()
	dials0 := s.dials.Load()
	t, err := newTimer()
	if err != nil {
		gc()
		return sample{}, err
	}
	defer t.stop()
	start := time.Now()
	var wg sync.WaitGroup
	for range openWorkers {
		wg.Go(func() {
			for i := range q.take {
				at := start.Add(time.Duration(i) * interval)
				w.late[i] = time.Since(at)
				w.failed[i] = !post(s, p)
				w.lat[i] = time.Since(at)
				q.done()
			}
		})
	}
	err = dispatch(ctx, t, start, interval, q, w)
	q.close()
	wg.Wait()
	out := w.sample()
	out.elapsed = time.Since(start)
	out.dials = s.dials.Load() - dials0
	out.gcs = gc()
	return out, err
}

// warm opens n connections in s.client's pool before the measurement (their TLS
// handshakes out of the window): n requests at once, each holding its connection until
// all have their answer. The pool hands the most recently used connection first, as the
// API server's Go client does; with no more senders than connections, the window opens
// none (the footer counts any).
func warm(s *server, p payload, n int) error {
	var wg, got sync.WaitGroup
	got.Add(n)
	failed := make([]bool, n)
	for i := range n {
		wg.Go(func() {
			resp, err := s.client.Do(s.request(p))
			got.Done()
			got.Wait() // every connection busy at once: n of them
			failed[i] = err != nil || !answered(resp)
		})
	}
	wg.Wait()
	if slices.Contains(failed, true) {
		return errWarm
	}
	return nil
}
