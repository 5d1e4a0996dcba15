package main

import "time"

// window is what the open loop records of each request, by index (request i is due at
// start + i·interval).
type window struct {
	lat    []time.Duration // from due to answered
	late   []time.Duration // from due to a worker starting to send it
	failed []bool          // no answer, a wrong answer, or the backlog full
	queued []bool          // due while every worker was busy: it waited for a connection
}

func newWindow(total int) *window {
	return &window{lat: make([]time.Duration, total), late: make([]time.Duration, total),
		failed: make([]bool, total), queued: make([]bool, total)}
}

// sample sums the window up: every request counts, a failed one as an error without a
// latency; the harness's lateness is that of the requests a free worker took (one that
// waited for a busy connection waited for the server, not for the harness).
func (w *window) sample() sample {
	out := sample{requests: len(w.failed)}
	for i, failed := range w.failed {
		switch {
		case failed:
			out.errors++
			continue
		case w.queued[i]:
			out.queued++
		default:
			out.late = append(out.late, w.late[i])
		}
		out.lat = append(out.lat, w.lat[i])
	}
	return out
}
