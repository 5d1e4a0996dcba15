// Package procserver runs the built podpatterns binary as a separate process in
// --standalone mode on loopback, for the load and soak harnesses: a self-signed serving
// certificate, free ports, readiness, and the process's CPU time and memory.
package procserver

import (
	"github.com/podpatterns/podpatterns/test/procstat"

	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Server is a podpatterns process.
type Server struct {
	cmd *exec.Cmd
	// URL is the admission endpoint's base (https://127.0.0.1:<port>).
	URL string
	// MetricsURL is the /metrics address.
	MetricsURL string
	// Client trusts the serving certificate.
	Client *http.Client
	dir    string
}

// Start runs binary serve --standalone with config and extra flags, and waits until it
// is ready (30 s at most).
func Start(ctx context.Context, binary, config string, extra ...string) (*Server, error) {
	return StartWithEnv(ctx, binary, config, nil, extra...)
}

// StartWithEnv is Start with extra environment variables (KEY=value).
func StartWithEnv(ctx context.Context, binary, config string, env []string, extra ...string) (*Server, error) {
	dir, err := os.MkdirTemp("", "podpatterns-load")
	if err != nil {
		return nil, err
	}
	pool, err := writeCert(dir)
	if err != nil {
		return nil, err
	}
	port, health, metrics := freePort(), freePort(), freePort()
	args := append([]string{"serve", "--standalone", "--config", config, "--cert-dir", dir,
		"--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--health-addr", "127.0.0.1:" + strconv.Itoa(health), "--metrics-addr", "127.0.0.1:" + strconv.Itoa(metrics),
		"--log-level", "error", "--shutdown-drain", "0s"}, extra...)
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{cmd: cmd, dir: dir, URL: "https://127.0.0.1:" + strconv.Itoa(port),
		MetricsURL: "http://127.0.0.1:" + strconv.Itoa(metrics) + "/metrics",
		Client: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool},
			MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}}
	ready := "http://127.0.0.1:" + strconv.Itoa(health) + "/readyz"
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(ready); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
	}
	s.Stop()
	return nil, fmt.Errorf("server not ready within 30s")
}

// Stop interrupts the process (killing it after 10 s) and removes its files.
func (s *Server) Stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
	}
	_ = os.RemoveAll(s.dir)
}

// CPUTime is the server process's user+system CPU time so far (Linux /proc).
func (s *Server) CPUTime() (time.Duration, error) { return procstat.CPUTime(s.cmd.Process.Pid) }

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func writeCert(dir string) (*x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "podpatterns-load"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(filepath.Join(dir, "tls.crt"), certPEM, 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return pool, nil
}

// RSS is the server process's resident set size in bytes (Linux /proc).
func (s *Server) RSS() (int64, error) {
	rss, _, err := procstat.Memory(s.cmd.Process.Pid)
	return rss, err
}
