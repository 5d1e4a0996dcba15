package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"
)

// sample is what one measurement of one server with one payload gives.
type sample struct {
	requests int
	errors   int
	elapsed  time.Duration
	cpu      time.Duration
	lat      []time.Duration // open loop only: from each request's scheduled start
}

// closedLoop sends p to s from concurrency workers for d, as fast as the server answers,
// and measures the server's CPU time meanwhile.
func closedLoop(ctx context.Context, s *server, p payload, concurrency int, d time.Duration) (sample, error) {
	var out sample
	cpu0, err := s.cpuTime()
	if err != nil {
		return out, err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Go(func() {
			n, errs := 0, 0
			for ctx.Err() == nil {
				if !post(s, p) {
					errs++
				}
				n++
			}
			mu.Lock()
			out.requests += n
			out.errors += errs
			mu.Unlock()
		})
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	cpu1, err := s.cpuTime()
	out.cpu = cpu1 - cpu0
	return out, err
}

// openLoop sends p to s at a fixed rate for d, whatever the server's pace, and records
// each latency from the moment the request was due (so a stall counts for every request
// it delays). A fixed pool of workers sends (no connection storm when the server lags);
// a request due while maxBacklog others wait is an error.
func openLoop(ctx context.Context, s *server, p payload, rate int, d time.Duration) (sample, error) {
	const workers, maxBacklog = 32, 1024
	var out sample
	cpu0, err := s.cpuTime()
	if err != nil {
		return out, err
	}
	interval := time.Second / time.Duration(rate)
	total := int(d / interval)
	lat := make([]time.Duration, total)
	failed := make([]bool, total)
	due := make(chan int, maxBacklog)
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range due {
				failed[i] = !post(s, p)
				lat[i] = time.Since(start.Add(time.Duration(i) * interval))
			}
		})
	}
	for i := range total {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			select {
			case <-ctx.Done():
				close(due)
				wg.Wait()
				return out, ctx.Err()
			case <-time.After(wait):
			}
		}
		select {
		case due <- i:
		default:
			failed[i] = true
		}
	}
	close(due)
	wg.Wait()
	out.elapsed = time.Since(start)
	for i := range total {
		if failed[i] {
			out.errors++
			continue
		}
		out.lat = append(out.lat, lat[i])
	}
	out.requests = total
	cpu1, err := s.cpuTime()
	out.cpu = cpu1 - cpu0
	return out, err
}

// post sends one review and checks the answer: HTTP 200, an AdmissionReview answering
// UID "load", allowed.
func post(s *server, p payload) bool {
	req, err := http.NewRequest(http.MethodPost, s.url+"/"+p.endpoint+"?timeout=10s", bytes.NewReader(p.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return false
	}
	var review struct {
		Response *struct {
			UID     string `json:"uid"`
			Allowed bool   `json:"allowed"`
		} `json:"response"`
	}
	return json.Unmarshal(body, &review) == nil && review.Response != nil &&
		review.Response.UID == "load" && review.Response.Allowed
}
