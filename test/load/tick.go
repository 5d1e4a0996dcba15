package main

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// timer sleeps the open loop's dispatcher until the next request is due, to the
// microsecond: a Linux timerfd read through Go's network poller. A Go timer cannot: the
// runtime sleeps in epoll_wait with a timeout in whole milliseconds (rounded up below
// 1 ms, down above), so at 700 req/s (one request every 1.43 ms) time.After woke the
// dispatcher a median 0.5 ms and up to 1 ms late, and every request's latency, counted
// from its due time, carried that lateness as if the server had spent it.
type timer struct {
	fd int
	f  *os.File // fd, read through the poller (f.Fd() would make it blocking)
}

func newTimer() (*timer, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("timerfd_create: %w", err)
	}
	// non-blocking: os.NewFile registers it with the poller, so a sleep parks the
	// goroutine, not the thread (the harness runs with GOMAXPROCS=1)
	return &timer{fd: fd, f: os.NewFile(uintptr(fd), "timerfd")}, nil
}

// sleep returns d or more after it is called (a timerfd never expires early). Each sleep
// is armed anew from the clock, so a delay in one (the harness descheduled) does not
// shift the ones after it, as the phase of a periodic timer would.
func (t *timer) sleep(d time.Duration) error {
	if d <= 0 {
		return nil
	}
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(d.Nanoseconds())}
	if err := unix.TimerfdSettime(t.fd, 0, &spec, nil); err != nil {
		return fmt.Errorf("timerfd_settime: %w", err)
	}
	var expirations [8]byte
	_, err := t.f.Read(expirations[:])
	return err
}

func (t *timer) stop() { t.f.Close() }

// dueBy is how many of total requests, one every interval from the start, are due after
// elapsed: request i is due at i·interval, so request 0 at once.
func dueBy(elapsed, interval time.Duration, total int) int {
	if elapsed < 0 {
		return 0
	}
	return min(total, int(elapsed/interval)+1)
}
