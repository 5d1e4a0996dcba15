package main

import (
	"context"
	"runtime"
	"sync"
	"time"
)

// openWorkers send the open loop's requests; maxBacklog bounds the requests due and not
// yet sent.
const openWorkers, maxBacklog = 32, 1024

// openLoop sends p to s at a fixed rate for d, whatever the server's pace, and records
// each latency from the moment the request was due (so a stall counts for every request
// it delays), and how late the harness itself sent it. A fixed pool of workers sends (no
// connection storm when the server lags); a request due while maxBacklog others wait is
// an error.
func openLoop(ctx context.Context, s *server, p payload, rate int, d time.Duration) (sample, error) {
	var out sample
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	lat := make([]time.Duration, total)
	late := make([]time.Duration, total)
	failed := make([]bool, total)
	due := make(chan int, maxBacklog)
	gc := gcCount()
	dials0 := s.dials.Load()
	start := time.Now()
	var wg sync.WaitGroup
	for range openWorkers {
		wg.Go(func() {
			for i := range due {
				at := start.Add(time.Duration(i) * interval)
				late[i] = time.Since(at)
				failed[i] = !post(s.client, s, p)
				lat[i] = time.Since(at)
			}
		})
	}
	err := dispatch(ctx, start, interval, due, failed)
	close(due)
	wg.Wait()
	out.elapsed = time.Since(start)
	out.dials = s.dials.Load() - dials0
	out.gcs = gc()
	if err != nil {
		return out, err
	}
	for i := range total {
		if failed[i] {
			out.errors++
			continue
		}
		out.lat = append(out.lat, lat[i])
		out.late = append(out.late, late[i])
	}
	out.requests = total
	return out, nil
}

// dispatch hands each request to the workers when it is due; a request due while the
// backlog is full fails.
func dispatch(ctx context.Context, start time.Time, interval time.Duration, due chan<- int, failed []bool) error {
	for i := range failed {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
		}
		select {
		case due <- i:
		default:
			failed[i] = true
		}
	}
	return nil
}

// gcCount reads the harness's GC cycles so far; the returned function says how many ran
// since.
func gcCount() func() uint32 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	n0 := m.NumGC
	return func() uint32 {
		runtime.ReadMemStats(&m)
		return m.NumGC - n0
	}
}
