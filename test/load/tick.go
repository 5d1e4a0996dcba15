package main

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ticker wakes the open loop's dispatcher every interval, to the microsecond: a Linux
// timerfd read through Go's network poller. A Go timer cannot: the runtime sleeps in
// epoll_wait with a timeout in whole milliseconds (rounded up below 1 ms, down above), so
// at 700 req/s (one request every 1.43 ms) time.After woke the dispatcher a median
// 0.5 ms and up to 1 ms late, and every request's latency, counted from its due time,
// carried that lateness as if the server had spent it.
type ticker struct{ f *os.File }

// newTicker starts a periodic timer whose first expiry is interval from now. A timerfd
// never expires early, so a tick at or after start+k·interval finds request k due when
// start was read before newTicker.
func newTicker(interval time.Duration) (*ticker, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("timerfd_create: %w", err)
	}
	every := unix.NsecToTimespec(interval.Nanoseconds())
	if err := unix.TimerfdSettime(fd, 0, &unix.ItimerSpec{Interval: every, Value: every}, nil); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("timerfd_settime: %w", err)
	}
	// non-blocking: os.NewFile registers it with the poller, so a wait parks the goroutine,
	// not the thread (the harness runs with GOMAXPROCS=1)
	return &ticker{f: os.NewFile(uintptr(fd), "timerfd")}, nil
}

// wait blocks until the timer has expired at least once since the last wait.
func (t *ticker) wait() error {
	var expirations [8]byte
	_, err := t.f.Read(expirations[:])
	return err
}

func (t *ticker) stop() { t.f.Close() }

// dueBy is how many of total requests, one every interval from the start, are due after
// elapsed: request i is due at i·interval, so request 0 at once.
func dueBy(elapsed, interval time.Duration, total int) int {
	if elapsed < 0 {
		return 0
	}
	return min(total, int(elapsed/interval)+1)
}
