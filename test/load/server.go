package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// server is a podpatterns process under load, in --standalone mode on loopback. It is
// started with the serving certificate and start-server helpers of test/cluster, the
// ones the e2e suite and the demo use.
type server struct {
	*cluster.Server
	client *http.Client
	dir    string
}

func startServer(ctx context.Context, binary, config string) (*server, error) {
	dir, err := os.MkdirTemp("", "podpatterns-load")
	if err != nil {
		return nil, err
	}
	cert, err := cluster.NewServingCert("127.0.0.1")
	if err == nil {
		err = cert.WriteDir(dir)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	srv, err := cluster.StartServer(ctx, cluster.ServerOptions{Binary: binary, ConfigPath: config, CertDir: dir,
		ExtraArgs: []string{"--standalone", "--log-level=error"}, Log: os.Stderr})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cert.CAPEM)
	return &server{Server: srv, dir: dir,
		client: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool},
			MaxIdleConnsPerHost: 256}, Timeout: 10 * time.Second}}, nil
}

func (s *server) stop() {
	_ = s.Stop()
	_ = os.RemoveAll(s.dir)
}

// cpuTime is the server process's user+system CPU time so far (Linux /proc).
func (s *server) cpuTime() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.PID()))
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
