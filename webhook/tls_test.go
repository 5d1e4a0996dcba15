package webhook

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

// TestTLS12OnlyAEADSuites: TLS 1.2 clients offering only CBC (or SHA-1 MAC) suites are
// refused; the AEAD suites are served.
func TestTLS12OnlyAEADSuites(t *testing.T) {
	ts := startLiveServer(t, Options{})
	addr := "127.0.0.1:" + strconv.Itoa(ts.port)
	for _, tc := range []struct {
		suite uint16
		ok    bool
	}{
		{tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, false},
		{tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, false},
		{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, true},
		{tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, true},
	} {
		conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: ts.pool, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{tc.suite}})
		if err == nil {
			conn.Close()
		}
		if (err == nil) != tc.ok {
			t.Errorf("%s: handshake error %v, want ok=%v", tls.CipherSuiteName(tc.suite), err, tc.ok)
		}
	}
}

func TestParseCipherSuites(t *testing.T) {
	if got, err := ParseCipherSuites([]string{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}); err != nil || len(got) != 1 || got[0] != tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 {
		t.Errorf("ParseCipherSuites = %v, %v", got, err)
	}
	if _, err := ParseCipherSuites([]string{"TLS_RSA_WITH_RC4_128_SHA"}); err == nil {
		t.Error("an insecure suite was accepted")
	}
}

// TestClientCA: with --client-ca-file the server requires a client certificate from
// that CA (a missing or foreign one fails the handshake), and a replaced CA file takes
// effect without a restart; /readyz stays ready throughout (it never dials TLS).
func TestClientCA(t *testing.T) {
	caA, caB := newTestCA(t, "ca-a"), newTestCA(t, "ca-b")
	caFile := filepath.Join(t.TempDir(), "client-ca.crt")
	if err := os.WriteFile(caFile, caA.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	ts := startLiveServer(t, Options{ClientCAFile: caFile})
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	certA, certB := caA.clientCert(t), caB.clientCert(t)
	expect := func(what string, ok bool, certs ...tls.Certificate) {
		t.Helper()
		status, resp, err := postReview(ts.client(certs...), ts.url("/mutate"), body)
		if got := err == nil && status == http.StatusOK && resp != nil && resp.Allowed; got != ok {
			t.Errorf("%s: status %d err %v, want served=%v", what, status, err, ok)
		}
	}
	expect("good client certificate", true, certA)
	expect("no client certificate", false)
	expect("certificate of another CA", false, certB)

	time.Sleep(clientCAStatInterval) // a new modification time for sure
	if err := os.WriteFile(caFile+".new", caB.pem, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(caFile+".new", caFile); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		status, _, err := postReview(ts.client(certB), ts.url("/mutate"), body)
		return err == nil && status == http.StatusOK
	})
	expect("the old CA after the reload", false, certA)
	if ts.readyz() != http.StatusOK {
		t.Error("/readyz not ready with a client CA required")
	}
}
