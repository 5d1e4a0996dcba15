package main

import (
	"context"
	"sync/atomic"
	"time"
)

// queue hands due requests to the workers and knows whether one of them is free.
type queue struct {
	due  chan int
	take <-chan int
	busy atomic.Int32 // requests handed and not yet finished
	n    int32        // workers
}

func newQueue(backlog, workers int) *queue {
	due := make(chan int, backlog)
	return &queue{due: due, take: due, n: int32(workers)}
}

// hand passes request i on, false when the backlog is full; queued when every worker was
// busy with an earlier request.
func (q *queue) hand(i int) (sent, queued bool) {
	queued = q.busy.Add(1) > q.n
	select {
	case q.due <- i:
		return true, queued
	default:
		q.busy.Add(-1)
		return false, queued
	}
}

// done is a worker's word that it finished a request.
func (q *queue) done() { q.busy.Add(-1) }

func (q *queue) close() { close(q.due) }

// dispatch hands each request of w to the workers when it is due, sleeping on t until
// the next one is; a request due while the backlog is full fails.
func dispatch(ctx context.Context, t *timer, start time.Time, interval time.Duration, q *queue, w *window) error {
	total := len(w.failed)
	for next := 0; next < total; {
		for n := dueBy(time.Since(start), interval, total); next < n; next++ {
			// a worker may be writing w.failed[next] as soon as it is sent
			if sent, queued := q.hand(next); !sent {
				w.failed[next] = true
			} else {
				w.queued[next] = queued
			}
		}
		if next == total {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := t.sleep(time.Until(start.Add(time.Duration(next) * interval))); err != nil {
			return err
		}
	}
	return nil
}
