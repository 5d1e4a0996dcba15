package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
)

// results collects every round of every row.
type results struct {
	cpuPerReq, reqPerSec, allocs [][]float64
	lat, late                    [][]time.Duration
	dials                        []int64
	gcs                          []uint32
	queued                       []int
	handler                      []buckets
	errors, requests             []int
}

func newResults() *results {
	n := len(rows)
	return &results{cpuPerReq: make([][]float64, n), reqPerSec: make([][]float64, n), allocs: make([][]float64, n),
		lat: make([][]time.Duration, n), late: make([][]time.Duration, n), errors: make([]int, n), requests: make([]int, n),
		dials: make([]int64, n), gcs: make([]uint32, n), queued: make([]int, n), handler: make([]buckets, n)}
}

func (r *results) addClosed(i int, s sample, mallocs float64) {
	r.requests[i] += s.requests
	r.errors[i] += s.errors
	if s.requests == 0 {
		return
	}
	r.cpuPerReq[i] = append(r.cpuPerReq[i], float64(s.cpu.Microseconds())/float64(s.requests))
	r.reqPerSec[i] = append(r.reqPerSec[i], float64(s.requests)/s.elapsed.Seconds())
	r.allocs[i] = append(r.allocs[i], mallocs/float64(s.requests))
}

// addOpen adds one open-loop sample of row i, with podpatterns' handler-time histogram
// before and after it (nil for the reference servers).
func (r *results) addOpen(i int, s sample, before, after buckets) {
	if after != nil {
		if r.handler[i] == nil {
			r.handler[i] = buckets{}
		}
		r.handler[i].add(before, after)
	}
	r.gcs[i] += s.gcs
	r.queued[i] += s.queued
	r.requests[i] += s.requests
	r.errors[i] += s.errors
	r.lat[i] = append(r.lat[i], s.lat...)
	r.late[i] = append(r.late[i], s.late...)
	r.dials[i] += s.dials
}

// served is how many requests server handled in the measured phases.
func (r *results) served(server string) int {
	n := 0
	for i, row := range rows {
		if row.server == server {
			n += r.requests[i]
		}
	}
	return n
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func percentile(v []time.Duration, p float64) time.Duration {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return v[min(len(v)-1, int(float64(len(v))*p))]
}

// floorOf is the index of the floor row measured with the same payload as row i, else
// of the first floor row (the 6 KB pod's: the floor does not read the review), -1 when
// -rows left every floor row out.
func floorOf(i int) int {
	first := -1
	for j, r := range rows {
		if r.server != srvFloor {
			continue
		}
		if r.payload == rows[i].payload {
			return j
		}
		if first < 0 {
			first = j
		}
	}
	return first
}

// ratio is row i's CPU per request over its floor's, "–" without a floor row.
func (r *results) ratio(i int) string {
	f := floorOf(i)
	if f < 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", median(r.cpuPerReq[i])/median(r.cpuPerReq[f]))
}

func (r *results) print(w io.Writer, o options, pl map[string]payload, servers map[string]*server, served int) {
	fmt.Fprintln(w, "| server, payload | review | CPU µs/req | ratio to floor | req/s | open loop | p50 | p99 | sent late p99 | handler p99 | errors | allocs/req |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for i, row := range rows {
		cpu := median(r.cpuPerReq[i])
		allocs := "–"
		if row.server == srvPodpatterns {
			allocs = fmt.Sprintf("%.0f", median(r.allocs[i]))
		}
		fmt.Fprintf(w, "| %s | %.1f KB | %.0f | %s | %.0f | %d/s | %s | %s | %s | %s | %d | %s |\n", row.label, float64(len(pl[row.payload].body))/1000,
			cpu, r.ratio(i), median(r.reqPerSec[i]), o.rate/row.rateDivisor,
			ms(percentile(r.lat[i], 0.50)), ms(percentile(r.lat[i], 0.99)), r.sentLate(i),
			upTo(r.handler[i], 0.99), r.errors[i], allocs)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "open loop: p50/p99 from each request's due time; sent late = due time to the harness sending it (part of p50/p99; queued = due while all %d connections were busy); "+
		"handler = podpatterns' %s histogram (bucket bound); %d connections opened and %d harness GC cycles during the open loops\n\n",
		openWorkers, durationMetric, sum(r.dials), sum(r.gcs))
	for _, name := range []string{srvFloor, srvCRAllow, srvPodpatterns} {
		rss, anon, err := servers[name].memory()
		n := r.served(name)
		if name == srvPodpatterns {
			n = served
		}
		fmt.Fprintf(w, "RSS after the run: %-12s %6.1f MiB (anonymous %5.1f MiB) after %d requests%s\n",
			name, float64(rss)/(1<<20), float64(anon)/(1<<20), n, errNote(err))
	}
	fmt.Fprintf(w, "\nrounds: %d × %s closed loop (%d connections), %d × %s open loop; medians of the rounds; servers on CPU %d, GOMAXPROCS=1, TLS 1.3 keep-alive\n",
		o.rounds, o.round, o.concurrency, o.openRounds, o.open, o.serverCPU)
	fmt.Fprintf(w, "machine: %s, %d CPUs visible to the harness, %s, %s/%s\n", cpuModel(), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// sentLate is the p99 of how late the harness sent row i's requests, with how many
// waited for a connection because all were busy with earlier ones (the server's backlog).
func (r *results) sentLate(i int) string {
	if r.queued[i] == 0 {
		return ms(percentile(r.late[i], 0.99))
	}
	return fmt.Sprintf("%s (%d queued)", ms(percentile(r.late[i], 0.99)), r.queued[i])
}

// upTo is quantile q of a handler-time histogram as "≤ bound", "–" without one.
func upTo(b buckets, q float64) string {
	le, ok := b.quantile(q)
	if !ok {
		return "–"
	}
	if math.IsInf(le, 1) && len(b) > 1 {
		return "> " + seconds(slices.Sorted(maps.Keys(b))[len(b)-2]) // the last finite bound
	}
	return "≤ " + seconds(le)
}

func sum[T int64 | uint32](v []T) T {
	var n T
	for _, x := range v {
		n += x
	}
	return n
}

func seconds(s float64) string { return ms(time.Duration(s * float64(time.Second))) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func errNote(err error) string {
	if err != nil {
		return " (" + err.Error() + ")"
	}
	return ""
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "unknown CPU"
}
