package webhook

import (
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"testing"
)

// dialTLS handshakes with addr as cfg and reports the negotiated version.
func dialTLS(addr string, cfg *tls.Config) (uint16, error) {
	conn, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	return conn.ConnectionState().Version, nil
}

// TestTLSMinVersion13RefusesTLS12: with TLSMinVersion 1.3 (the chart's default) a client
// that offers at most 1.2 is refused by the server, and a 1.3 client is served.
func TestTLSMinVersion13RefusesTLS12(t *testing.T) {
	ts := startLiveServer(t, Options{TLSMinVersion: tls.VersionTLS13})
	addr := "127.0.0.1:" + strconv.Itoa(ts.port)
	if v, err := dialTLS(addr, &tls.Config{RootCAs: ts.pool, MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12}); err == nil {
		t.Errorf("a TLS 1.2 client was served (version %x); the minimum is 1.3", v)
	} else if !strings.Contains(err.Error(), "protocol version") {
		t.Errorf("TLS 1.2 client: %v, want the server's protocol version alert", err)
	}
	if v, err := dialTLS(addr, &tls.Config{RootCAs: ts.pool, MinVersion: tls.VersionTLS13}); err != nil || v != tls.VersionTLS13 {
		t.Errorf("TLS 1.3 client: version %x, %v", v, err)
	}
}

// TestTLS11IsRefused: a client that really offers TLS 1.1 (Min and Max 1.1: Go clients
// refuse 1.1 on their own otherwise) is refused by the server's 1.2 minimum; the same
// client completes a handshake with a listener that allows 1.1, so the refusal is the
// server's.
func TestTLS11IsRefused(t *testing.T) {
	ts := startLiveServer(t, Options{})
	tls11 := &tls.Config{RootCAs: ts.pool, MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11, ServerName: "127.0.0.1"}
	if v, err := dialTLS("127.0.0.1:"+strconv.Itoa(ts.port), tls11); err == nil {
		t.Errorf("a TLS 1.1 client was served (version %x); the minimum is 1.2", v)
	} else if !strings.Contains(err.Error(), "protocol version") {
		t.Errorf("TLS 1.1 client: %v, want the server's protocol version alert", err)
	}

	cert, err := tls.LoadX509KeyPair(ts.dir+"/tls.crt", ts.dir+"/tls.key")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_ = c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	if v, err := dialTLS(ln.Addr().(*net.TCPAddr).String(), tls11); err != nil || v != tls.VersionTLS11 {
		t.Fatalf("the TLS 1.1 client against a listener allowing 1.1: version %x, %v: the client does not offer 1.1, so the refusal above proves nothing", v, err)
	}
}
