package webhook

import (
	"crypto/tls"
	"net"
	"strconv"
	"testing"
	"time"
)

// TestConnectionCap: with MaxConnections 2, a third connection is not served (its TLS
// handshake gets no answer) while two are open, and is served as soon as one closes.
func TestConnectionCap(t *testing.T) {
	ts := startLiveServer(t, Options{MaxConnections: 2})
	addr := "127.0.0.1:" + strconv.Itoa(ts.port)
	cfg := &tls.Config{RootCAs: ts.pool, ServerName: "127.0.0.1"}
	var open []*tls.Conn
	for range 2 {
		c, err := tls.Dial("tcp", addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		open = append(open, c)
	}
	_ = ts.readyz()                   // the health port is another listener: not counted
	raw, err := net.Dial("tcp", addr) // the kernel's backlog takes it
	if err != nil {
		t.Fatal(err)
	}
	third := tls.Client(raw, cfg)
	defer third.Close()
	done := make(chan error, 1)
	go func() { done <- third.Handshake() }()
	select {
	case err := <-done:
		t.Fatalf("a third connection was served past the cap of 2 (handshake: %v)", err)
	case <-time.After(500 * time.Millisecond): // not served: as expected
	}
	open[0].Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the third connection, a slot free: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the third connection was not served within 20s of a slot freeing")
	}
}
