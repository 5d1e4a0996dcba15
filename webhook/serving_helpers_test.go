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
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// liveServer is a running Server on loopback ports.
type liveServer struct {
	srv          *Server
	port, health int
	pool         *x509.CertPool
	dir          string
	cancel       context.CancelFunc
	done         chan error
}

// startServer runs a Server with opts (ports, cert dir and config filled in) until the
// test ends, and waits until it is ready. A port another process took between freePort
// and the bind costs a retry with other ports, twice at most.
func startLiveServer(t *testing.T, opts Options) *liveServer {
	t.Helper()
	for attempt := 1; ; attempt++ {
		ts, err := tryLiveServer(t, opts)
		if err == nil {
			return ts
		}
		if attempt == 3 || !errors.Is(err, syscall.EADDRINUSE) {
			t.Fatalf("the server stopped before it was ready: %v", err)
		}
		t.Logf("retrying with other ports: %v", err)
	}
}

// tryLiveServer is one attempt of startLiveServer: Run's error when the server stopped
// before it was ready.
func tryLiveServer(t *testing.T, opts Options) (*liveServer, error) {
	t.Helper()
	ts := &liveServer{dir: t.TempDir(), port: freePort(t), health: freePort(t), done: make(chan error, 1)}
	if opts.CertDir == "" {
		ts.pool = writeServingCert(t, ts.dir)
		opts.CertDir = ts.dir
	}
	opts.ConfigPath = filepath.Join(ts.dir, "config.yaml")
	if err := os.WriteFile(opts.ConfigPath, []byte("lifecycle: {preStop: {sleepSeconds: 5}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts.Host, opts.Port = "127.0.0.1", ts.port
	opts.HealthAddr, opts.MetricsAddr = "127.0.0.1:"+strconv.Itoa(ts.health), "127.0.0.1:"+strconv.Itoa(freePort(t))
	if opts.Namespaces == nil {
		opts.Namespaces = StaticNamespaces{}
	}
	if opts.ShutdownDrain == 0 {
		opts.ShutdownDrain = -1
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts.srv = srv
	ctx, cancel := context.WithCancel(context.Background())
	ts.cancel = cancel
	go func() { ts.done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ts.done:
		case <-time.After(30 * time.Second):
			t.Error("Run did not return within 30s of cancel")
		}
	})
	return ts, ts.waitReady(t)
}

// liveServerStartup bounds the wait for a started server's readiness: generous, as the
// race detector on a loaded 2-core machine slows the start.
const liveServerStartup = 30 * time.Second

// waitReady waits until /readyz answers 200 and returns Run's error when the server
// stopped instead.
func (ts *liveServer) waitReady(t *testing.T) error {
	t.Helper()
	deadline := time.Now().Add(liveServerStartup)
	for ts.readyz() != http.StatusOK {
		select {
		case err := <-ts.done:
			ts.done <- err // for the cleanup
			return fmt.Errorf("run: %w", err)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not ready within %s (/readyz %d)", liveServerStartup, ts.readyz())
		}
	}
	return nil
}

// readyz is the /readyz status (0 when the health port does not answer).
func (ts *liveServer) readyz() int {
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(ts.health) + "/readyz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (ts *liveServer) url(path string) string {
	return "https://127.0.0.1:" + strconv.Itoa(ts.port) + path
}

// client trusts the serving certificate and presents certs, if any.
func (ts *liveServer) client(certs ...tls.Certificate) *http.Client {
	return &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: ts.pool, Certificates: certs}}}
}

// postReview posts a pod CREATE review and returns the status and response (nil when
// the body is not an AdmissionReview).
func postReview(c *http.Client, url string, body []byte) (int, *admissionv1.AdmissionResponse, error) {
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var review admissionv1.AdmissionReview
	if json.NewDecoder(resp.Body).Decode(&review) != nil {
		return resp.StatusCode, nil, nil
	}
	return resp.StatusCode, review.Response, nil
}

// gatedNamespaces answers once release is closed (or ctx ends), counting callers.
type gatedNamespaces struct {
	release chan struct{}
	entered chan struct{}
}

func newGatedNamespaces() *gatedNamespaces {
	return &gatedNamespaces{release: make(chan struct{}), entered: make(chan struct{}, 100)}
}

func (g *gatedNamespaces) Namespace(ctx context.Context, name string) (mutators.Namespace, error) {
	g.entered <- struct{}{}
	select {
	case <-g.release:
		return mutators.Namespace{Name: name}, nil
	case <-ctx.Done():
		return mutators.Namespace{}, ctx.Err()
	}
}

// testCA is a CA that signs client certificates.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// clientCert issues a client certificate.
func (ca *testCA) clientCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "kube-apiserver"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}
