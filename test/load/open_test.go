package main

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestDueBy(t *testing.T) {
	const iv = 10 * time.Millisecond
	for _, c := range []struct {
		elapsed time.Duration
		want    int
	}{{-time.Millisecond, 0}, {0, 1}, {iv - 1, 1}, {iv, 2}, {35 * time.Millisecond, 4}, {time.Hour, 5}} {
		if got := dueBy(c.elapsed, iv, 5); got != c.want {
			t.Errorf("dueBy(%v) = %d, want %d", c.elapsed, got, c.want)
		}
	}
}

// TestWindowSample: every request counts; a failed one is an error without a latency;
// one that waited for a busy connection has a latency but no harness lateness.
func TestWindowSample(t *testing.T) {
	w := newWindow(4)
	for i := range 4 {
		w.lat[i], w.late[i] = time.Duration(i+1)*time.Millisecond, time.Duration(i+1)*time.Microsecond
	}
	w.failed[1], w.queued[2] = true, true
	s := w.sample()
	if s.requests != 4 || s.errors != 1 || s.queued != 1 {
		t.Errorf("requests %d errors %d queued %d, want 4 1 1", s.requests, s.errors, s.queued)
	}
	if want := []time.Duration{time.Millisecond, 3 * time.Millisecond, 4 * time.Millisecond}; !slices.Equal(s.lat, want) {
		t.Errorf("lat %v, want %v", s.lat, want)
	}
	if want := []time.Duration{time.Microsecond, 4 * time.Microsecond}; !slices.Equal(s.late, want) {
		t.Errorf("late %v, want %v", s.late, want)
	}
}

// TestDispatchHandsEveryRequestOnceInOrder: with the timerfd timer, every request is
// handed exactly once, in order, and none is received before it is due.
func TestDispatchHandsEveryRequestOnceInOrder(t *testing.T) {
	const total, interval = 20, time.Millisecond
	w := newWindow(total)
	q := newQueue(total, 1)
	start := time.Now()
	tm, err := newTimer()
	if err != nil {
		t.Fatal(err)
	}
	defer tm.stop()
	var got []int
	received := make(chan struct{})
	go func() {
		defer close(received)
		for i := range q.take {
			if at := time.Since(start); at < time.Duration(i)*interval {
				t.Errorf("request %d received %v after the start, due at %v", i, at, time.Duration(i)*interval)
			}
			got = append(got, i)
			q.done()
		}
	}()
	err = dispatch(context.Background(), tm, start, interval, q, w)
	q.close()
	<-received
	if err != nil {
		t.Fatal(err)
	}
	for i := range total {
		if i >= len(got) || got[i] != i {
			t.Fatalf("handed %v, want 0..%d once each in order", got, total-1)
		}
	}
	if len(got) != total || w.sample().errors != 0 {
		t.Errorf("handed %d of %d, %d errors", len(got), total, w.sample().errors)
	}
}

// TestQueueMarksRequestsWaitingForABusyWorker: a request handed while every worker has
// one in hand waits for the server's answers, not for the harness.
func TestQueueMarksRequestsWaitingForABusyWorker(t *testing.T) {
	q := newQueue(10, 2)
	var queued []bool
	hand := func() {
		sent, qd := q.hand(len(queued))
		if !sent {
			t.Fatal("backlog of 10 full")
		}
		queued = append(queued, qd)
	}
	hand()
	hand()
	hand() // both workers busy
	q.done()
	q.done()
	hand() // one of them free again
	if want := []bool{false, false, true, false}; !slices.Equal(queued, want) {
		t.Errorf("queued %v, want %v", queued, want)
	}
}

func TestDispatchFailsPastTheBacklog(t *testing.T) {
	const total, interval = 10, time.Millisecond
	w := newWindow(total)
	q := newQueue(4, 32)
	tm, err := newTimer()
	if err != nil {
		t.Fatal(err)
	}
	defer tm.stop()
	if err := dispatch(context.Background(), tm, time.Now(), interval, q, w); err != nil {
		t.Fatal(err)
	}
	if s := w.sample(); s.errors != total-4 {
		t.Errorf("errors %d, want %d (backlog 4, nobody taking)", s.errors, total-4)
	}
}

// TestTimerNeverWakesEarly: a sleep lasts at least what it was asked (the dispatcher's
// due-time check relies on it not to spin), and a due time already past does not block.
func TestTimerNeverWakesEarly(t *testing.T) {
	tm, err := newTimer()
	if err != nil {
		t.Fatal(err)
	}
	defer tm.stop()
	for _, d := range []time.Duration{200 * time.Microsecond, time.Millisecond, 3 * time.Millisecond} {
		t0 := time.Now()
		if err := tm.sleep(d); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(t0); got < d {
			t.Errorf("sleep(%v) returned after %v", d, got)
		}
	}
	done := make(chan error, 1)
	go func() { done <- tm.sleep(-time.Millisecond) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleep of a past due time blocked")
	}
}
