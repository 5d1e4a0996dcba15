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
	cpu      time.Duration   // closed loop only: the server's
	lat      []time.Duration // open loop only: from each request's scheduled start
	late     []time.Duration // open loop only: from the scheduled start to the send, requests a free worker took
	queued   int             // open loop only: requests due while every worker was busy
	dials    int64           // connections the client opened during the sample
	gcs      uint32          // the harness's own GC cycles during the sample
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

// post sends one review and checks the answer.
func post(s *server, p payload) bool {
	resp, err := s.client.Do(s.request(p))
	if err != nil {
		return false
	}
	return answered(resp)
}

// request is one review to s, as the API server sends it.
func (s *server) request(p payload) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, s.url+"/"+p.endpoint+"?timeout=10s", bytes.NewReader(p.body)) // s.url parsed at start
	req.Header.Set("Content-Type", "application/json")
	return req
}

// answered reads and closes resp: HTTP 200, an AdmissionReview answering UID "load",
// allowed.
func answered(resp *http.Response) bool {
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
