package webhook

import (
	"net"
	"sync"
)

// DefaultMaxConnections caps the admission listener's open connections. Each costs a
// goroutine and TLS and HTTP buffers (5,000 idle ones took 69 MiB); the apiserver keeps
// a pool of a few dozen per replica. Past the cap Accept waits for a connection to close:
// new ones queue in the kernel's backlog, none is refused or cut.
const DefaultMaxConnections = 1000

// limitListener accepts at most cap connections at once.
type limitListener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, cap int) net.Listener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, cap), closed: make(chan struct{})}
}

// Accept waits for a free slot, then for a connection; the slot is freed when the
// connection closes. Closing the listener ends a wait for a slot.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, free: func() { <-l.slots }}, nil
}

// slotConn frees its slot once, on the first Close.
type slotConn struct {
	net.Conn
	once sync.Once
	free func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.free)
	return err
}

// Close closes the listener and ends any wait for a slot.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}
