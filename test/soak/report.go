package main

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/podpatterns/podpatterns/test/procserver"
)

// report collects what the soak saw.
type report struct {
	mu        sync.Mutex
	start     time.Time
	elapsed   time.Duration
	counts    map[string]int
	failures  map[string]int
	late      map[string]int
	shedding  map[string]int
	maxLat    map[string]time.Duration
	examples  []string
	reloads   int
	rss       []int64
	gor       []int
	cpu       time.Duration
	normalLat []time.Duration
}

func newReport(kinds []kind) *report {
	return &report{start: time.Now(), counts: map[string]int{}, failures: map[string]int{}, late: map[string]int{}, shedding: map[string]int{}, maxLat: map[string]time.Duration{}}
}

func (r *report) record(k kind, status int, ok bool, lat time.Duration, why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[k.name]++
	if !ok {
		r.failures[k.name]++
		if len(r.examples) < 5 {
			r.examples = append(r.examples, fmt.Sprintf("%s: status %d %s", k.name, status, why))
		}
	}
	if k.hostile && lat > k.bound {
		r.late[k.name]++
	}
	if !k.hostile {
		r.normalLat = append(r.normalLat, lat)
	}
	r.maxLat[k.name] = max(r.maxLat[k.name], lat)
}

func (r *report) shed(k kind) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shedding[k.name]++
}

func (r *report) observe(rss int64, goroutines int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rss = append(r.rss, rss)
	r.gor = append(r.gor, goroutines)
}

func (r *report) finish(srv *procserver.Server) {
	r.elapsed = time.Since(r.start)
	r.cpu, _ = srv.CPUTime()
}

// ok: no failed normal request, every hostile one answered correctly and in its bound.
func (r *report) ok() bool {
	for _, n := range r.failures {
		if n > 0 {
			return false
		}
	}
	for _, n := range r.late {
		if n > 0 {
			return false
		}
	}
	return len(r.rss) > 0
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "soak: %s, %d config rewrites, server CPU %s\n", r.elapsed.Round(time.Second), r.reloads, r.cpu.Round(time.Second))
	names := make([]string, 0, len(r.counts))
	for n := range r.counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-22s %7d requests  %d failed  %d late  %d shed (429)  max %s\n", n, r.counts[n], r.failures[n], r.late[n], r.shedding[n], r.maxLat[n].Round(time.Millisecond))
	}
	sort.Slice(r.normalLat, func(i, j int) bool { return r.normalLat[i] < r.normalLat[j] })
	if n := len(r.normalLat); n > 0 {
		fmt.Fprintf(w, "  normal latency p50 %s p99 %s\n", r.normalLat[n/2].Round(time.Microsecond*100), r.normalLat[n*99/100].Round(time.Microsecond*100))
	}
	if len(r.rss) > 0 {
		var maxRSS int64
		for _, v := range r.rss {
			maxRSS = max(maxRSS, v)
		}
		q := len(r.rss) / 4
		fmt.Fprintf(w, "  RSS max %d MiB; first-quarter max %d MiB, last-quarter max %d MiB\n", maxRSS>>20, maxOf(r.rss[:q+1])>>20, maxOf(r.rss[len(r.rss)-q-1:])>>20)
		fmt.Fprintf(w, "  goroutines first %d, max %d, last %d\n", r.gor[0], maxOf(r.gor), r.gor[len(r.gor)-1])
	}
	for _, e := range r.examples {
		fmt.Fprintln(w, "  example failure:", e)
	}
	verdict := "PASS"
	if !r.ok() {
		verdict = "FAIL"
	}
	fmt.Fprintln(w, verdict)
}

func maxOf[T int | int64](xs []T) T {
	var m T
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
