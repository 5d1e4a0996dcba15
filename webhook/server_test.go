package webhook

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	admissionv1 "k8s.io/api/admission/v1"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

// writeServingCert writes a self-signed cert for 127.0.0.1 into dir and returns its pool.
func writeServingCert(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "podpatterns-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	_ = os.WriteFile(filepath.Join(dir, "tls.crt"), certPEM, 0o600)
	_ = os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return pool
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestServerServesTLSHealthAndMetrics(t *testing.T) {
	// The binary links controller-runtime's manager, which registers the Go and process
	// collectors in controller-runtime's registry as well; this test binary does not.
	if err := crmetrics.Registry.Register(collectors.NewGoCollector()); err != nil {
		if _, dup := errors.AsType[prometheus.AlreadyRegisteredError](err); !dup {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	pool := writeServingCert(t, dir)
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("lifecycle: {preStop: {sleepSeconds: 5}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	port, health, metrics := freePort(t), freePort(t), freePort(t)
	srv, err := NewServer(Options{Host: "127.0.0.1", Port: port, CertDir: dir, ConfigPath: cfgPath,
		HealthAddr: "127.0.0.1:" + strconv.Itoa(health), MetricsAddr: "127.0.0.1:" + strconv.Itoa(metrics),
		Namespaces: StaticNamespaces{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()

	readyz := "http://127.0.0.1:" + strconv.Itoa(health) + "/readyz"
	waitFor(t, func() bool {
		resp, err := http.Get(readyz)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	resp, err := client.Post("https://127.0.0.1:"+strconv.Itoa(port)+"/mutate", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var review admissionv1.AdmissionReview
	if err := json.NewDecoder(resp.Body).Decode(&review); err != nil || review.Response == nil || !review.Response.Allowed {
		t.Fatalf("mutate over TLS: %v %+v", err, review.Response)
	}
	if resp.ProtoMajor != 1 {
		t.Errorf("HTTP/2 must be off by default, got %s", resp.Proto)
	}
	if resp.TLS.Version < tls.VersionTLS12 {
		t.Errorf("TLS version %x below 1.2", resp.TLS.Version)
	}

	tls11 := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS11, MaxVersion: tls.VersionTLS11} // offers 1.1 (TestTLS11IsRefused proves it)
	if conn, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port), tls11); err == nil {
		conn.Close()
		t.Error("TLS 1.1 handshake succeeded; the minimum is 1.2")
	}

	mresp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(metrics) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(mresp.Body)
	mresp.Body.Close()
	for _, want := range []string{
		`podpatterns_requests_total{result="allowed",webhook="mutate"} 1`,
		`podpatterns_request_duration_seconds_bucket{result="allowed",webhook="mutate",le="0.0001"}`,
		`podpatterns_serving_certificate_expiry_timestamp_seconds `,
		`podpatterns_config_info{revision="` + srv.Handlers().Pipeline().Revision() + `"} 1`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestNewServerRejectsInvalidConfig(t *testing.T) {
	dir := t.TempDir()
	writeServingCert(t, dir)
	cfgPath := filepath.Join(dir, "config.yaml")
	_ = os.WriteFile(cfgPath, []byte("sidecarz: {}\n"), 0o644)
	_, err := NewServer(Options{CertDir: dir, ConfigPath: cfgPath, Namespaces: StaticNamespaces{}})
	if err == nil || !strings.Contains(err.Error(), "line 1: sidecarz: unknown field") {
		t.Fatalf("want the config error with its line, got %v", err)
	}
}
