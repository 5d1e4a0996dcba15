package main

import (
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
	"strings"
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
	s := &server{name: name, cmd: cmd, url: "https://127.0.0.1:" + strconv.Itoa(port),
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS13},
			MaxIdleConnsPerHost: 1024, MaxConnsPerHost: 0, ForceAttemptHTTP2: false}}}
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

// procStat returns the process's user+system CPU time so far.
func (s *server) cpuTime() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	// fields after the command name, which is in parentheses and may contain spaces
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond, nil
}

// memory returns the process's resident set size (VmRSS) and its anonymous part
// (RssAnon: heap, stacks; the rest is the binary's mapped pages).
func (s *server) memory() (rss, anon int64, err error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		key, v, ok := strings.Cut(line, ":")
		if !ok || (key != "VmRSS" && key != "RssAnon") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if key == "VmRSS" {
			rss = kb << 10
		} else {
			anon = kb << 10
		}
	}
	if rss == 0 {
		return 0, 0, errors.New("no VmRSS in /proc status")
	}
	return rss, anon, nil
}

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
