package main

import (
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// floorLike is a TLS server answering every review as the floor does, counting the
// connections it accepts.
func floorLike(t *testing.T) (*server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, `{"response":{"uid":"load","allowed":true}}`)
	}))
	ts.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	s := &server{name: "test", url: ts.URL, pool: pool}
	s.client = s.newClient()
	return s, &conns
}

// TestWarmOpensTheConnectionsBeforeTheWindow: warm leaves n connections open in the
// pool, so n senders, one request each at once, open none during the window.
func TestWarmOpensTheConnectionsBeforeTheWindow(t *testing.T) {
	s, conns := floorLike(t)
	const n = 8
	p := payload{name: "test", endpoint: "mutate", body: []byte(`{}`)}
	if err := warm(s, p, n); err != nil {
		t.Fatal(err)
	}
	if got := s.dials.Load(); got != n || conns.Load() != n {
		t.Fatalf("warm(%d): %d dials, %d connections accepted; want %d", n, got, conns.Load(), n)
	}
	// as many senders as connections, all at once, twice: no new connection
	for range 2 {
		if err := warm(s, p, n); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.dials.Load(); got != n {
		t.Errorf("senders no more than the connections opened %d more", got-n)
	}
}
