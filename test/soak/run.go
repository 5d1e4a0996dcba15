package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/podpatterns/podpatterns/test/procserver"
)

// maxOutstanding bounds the requests the soak has open at once (the rate is fixed; a
// server that slows down shows up as late requests, not as unbounded goroutines here).
const maxOutstanding = 64

func run(ctx context.Context, binary, configPath string, duration time.Duration, rate int, reloadEvery time.Duration) (*report, error) {
	kinds, err := mix()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "podpatterns-soak")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	base, err := os.ReadFile(configPath)
	if err != nil {
		return nil, err
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, base, 0o644); err != nil {
		return nil, err
	}
	// As in the chart: the container's 256 MiB limit, from which the server sets its soft
	// memory limit (80%).
	srv, err := procserver.StartWithEnv(ctx, binary, cfg, []string{"PODPATTERNS_MEMORY_LIMIT=" + strconv.Itoa(256<<20)})
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	rep := newReport(kinds)
	stop := make(chan struct{})
	var bg sync.WaitGroup
	bg.Add(2)
	go func() { defer bg.Done(); reloadConfig(cfg, base, reloadEvery, stop, rep) }()
	go func() { defer bg.Done(); sample(srv, stop, rep) }()
	send(ctx, srv, kinds, duration, rate, rep)
	close(stop)
	bg.Wait()
	rep.finish(srv)
	return rep, nil
}

// send issues rate requests per second for duration, following the mix.
func send(ctx context.Context, srv *procserver.Server, kinds []kind, duration time.Duration, rate int, rep *report) {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	end := time.After(duration)
	slots := make(chan struct{}, maxOutstanding)
	var wg sync.WaitGroup
	for i := 0; ; i++ {
		select {
		case <-end:
			wg.Wait()
			return
		case <-ctx.Done():
			wg.Wait()
			return
		case <-tick.C:
		}
		k := pick(kinds, i)
		select {
		case slots <- struct{}{}:
		default:
			rep.record(k, 0, false, 0, "soak client saturated")
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			start := time.Now()
			status, resp, err := post(srv, k)
			// A hostile request may also be shed with 429 (the limits protecting the server).
			shed := k.hostile && status == http.StatusTooManyRequests
			ok := shed || (err == nil && status == k.status && (status != http.StatusOK || k.validate(resp)))
			if shed {
				rep.shed(k)
			}
			why := ""
			if err != nil {
				why = err.Error()
			}
			rep.record(k, status, ok, time.Since(start), why)
		}()
	}
}

func post(srv *procserver.Server, k kind) (int, *admissionv1.AdmissionResponse, error) {
	resp, err := srv.Client.Post(srv.URL+k.path+"?timeout=10s", "application/json", bytes.NewReader(k.body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	var review admissionv1.AdmissionReview
	if json.Unmarshal(body, &review) != nil {
		return resp.StatusCode, nil, nil
	}
	return resp.StatusCode, review.Response, nil
}

// reloadConfig rewrites the config every period, alternating two valid revisions.
func reloadConfig(path string, base []byte, every time.Duration, stop <-chan struct{}, rep *report) {
	t := time.NewTicker(every)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		content := string(base)
		if n%2 == 1 {
			content = strings.Replace(content, "sleepSeconds: 5", "sleepSeconds: 6", 1)
		}
		tmp := path + ".tmp"
		if os.WriteFile(tmp, []byte(content), 0o644) == nil && os.Rename(tmp, path) == nil {
			rep.reloads++
		}
	}
}

// sample reads the server's RSS and goroutines every second.
func sample(srv *procserver.Server, stop <-chan struct{}, rep *report) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		rss, _ := srv.RSS()
		rep.observe(rss, goroutines(srv))
	}
}

// goroutines reads go_goroutines from the server's metrics (-1 when unavailable).
func goroutines(srv *procserver.Server) int {
	resp, err := http.Get(srv.MetricsURL)
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(text), "\n") {
		if v, ok := strings.CutPrefix(line, "go_goroutines "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return int(n)
		}
	}
	return -1
}
