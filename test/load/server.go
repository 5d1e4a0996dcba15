package main

import (
	"github.com/podpatterns/podpatterns/test/procstat"

	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"time"
)

// server is one process under load: podpatterns or a reference server, pinned to a CPU
// with GOMAXPROCS=1.
type server struct {
	name    string
	cmd     *exec.Cmd
	url     string
	metrics string // podpatterns' /metrics ("" for the reference servers)
	client  *http.Client
	dials   atomic.Int64 // TCP connections the clients opened (each one a TLS handshake)
	pool    *x509.CertPool
}

// newClient is a TLS 1.3 keep-alive HTTP/1.1 client, counting every connection it opens
// in s.dials.
func (s *server) newClient() *http.Client {
	var d net.Dialer
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: s.pool, MinVersion: tls.VersionTLS13},
		MaxIdleConnsPerHost: 1024, ForceAttemptHTTP2: false,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			s.dials.Add(1)
			return d.DialContext(ctx, network, addr)
		}}}
}

// start runs binary with args under `taskset -c cpu`, waits until addr accepts TLS, and
// returns the server. env is added to the harness's environment.
func start(ctx context.Context, name string, cpu int, pool *x509.CertPool, port int, env []string, binary string, args ...string) (*server, error) {
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		return nil, errors.New("taskset (util-linux) is needed to pin each server to one core: apt-get install util-linux")
	}
	cmd := exec.CommandContext(ctx, taskset, append([]string{"-c", strconv.Itoa(cpu), binary}, args...)...)
	cmd.Env = append(append(os.Environ(), "GOMAXPROCS=1"), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	s := &server{name: name, cmd: cmd, url: "https://127.0.0.1:" + strconv.Itoa(port), pool: pool}
	s.client = s.newClient()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		conn, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port), &tls.Config{RootCAs: pool})
		if err == nil {
			conn.Close()
			return s, nil
		}
	}
	s.stop()
	return nil, fmt.Errorf("%s not serving within 30s", name)
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// cpuTime returns the process's user+system CPU time so far.
func (s *server) cpuTime() (time.Duration, error) { return procstat.CPUTime(s.cmd.Process.Pid) }

// memory returns the process's resident set size and its anonymous part.
func (s *server) memory() (rss, anon int64, err error) { return procstat.Memory(s.cmd.Process.Pid) }

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// settle waits (at most 10 s) until the server has used no CPU for 200 ms: work still
// queued from one row must not be measured in the next, on the same core.
func (s *server) settle() {
	prev, _ := s.cpuTime()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		now, err := s.cpuTime()
		if err != nil || now == prev {
			return
		}
		prev = now
	}
}
