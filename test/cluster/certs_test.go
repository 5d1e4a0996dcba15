package cluster

import (
	"crypto/tls"
	"crypto/x509"
	"testing"
)

// TestServingCertHandshake proves the certificate is what the apiserver needs: a TLS
// client trusting only CAPEM accepts it for each host, and a client that does not trust
// the CA refuses it.
func TestServingCertHandshake(t *testing.T) {
	c, err := NewServingCert("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_ = conn.(*tls.Conn).Handshake()
			conn.Close()
		}
	}()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(c.CAPEM) {
		t.Fatal("CAPEM holds no certificate")
	}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: pool, ServerName: host})
		if err != nil {
			t.Errorf("handshake as %s: %v", host, err)
			continue
		}
		conn.Close()
	}
	if conn, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: x509.NewCertPool(), ServerName: "127.0.0.1"}); err == nil {
		conn.Close()
		t.Error("a client that does not trust the CA accepted the certificate")
	}
}
