package cluster

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// BuildServer compiles cmd/podpatterns into dir and returns the binary's path. The
// e2e suite and the demo run the very binary users run, flags and all.
func BuildServer(ctx context.Context, dir string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "podpatterns")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/podpatterns")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/podpatterns: %w\n%s", err, out)
	}
	return bin, nil
}

// ServerOptions say how to run `podpatterns serve`.
type ServerOptions struct {
	// Binary is the podpatterns binary (BuildServer).
	Binary string
	// ConfigPath, CertDir and Kubeconfig are passed as --config, --cert-dir, --kubeconfig.
	ConfigPath, CertDir, Kubeconfig string
	// SelfImage is passed as --self-image when set.
	SelfImage string
	// Port of the admission endpoints on 127.0.0.1; 0 picks a free one. A restarted
	// server keeps its port, so the webhook configurations stay valid.
	Port int
	// ExtraArgs are appended to the command line.
	ExtraArgs []string
	// Env is added to the server's environment (KEY=value), e.g. POD_NAMESPACE.
	Env []string
	// Log receives the server's output (JSON log lines).
	Log io.Writer
}

// Server is a running `podpatterns serve`.
type Server struct {
	// URL is the base URL of the admission endpoints, https://127.0.0.1:PORT.
	URL string
	// HealthURL and MetricsURL are the plain-HTTP health and metrics bases.
	HealthURL, MetricsURL string
	// Args is the command line it runs with (for the demo's instructions).
	Args []string

	opts ServerOptions
	proc *process
}

// serverReadyTimeout bounds the wait for /readyz (informer caches must sync first).
const serverReadyTimeout = 30 * time.Second

// StartServer runs the server and waits until /readyz answers 200.
func StartServer(ctx context.Context, o ServerOptions) (*Server, error) {
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	if o.Port == 0 {
		o.Port = ports[0]
	}
	s := &Server{
		URL:        fmt.Sprintf("https://127.0.0.1:%d", o.Port),
		HealthURL:  fmt.Sprintf("http://127.0.0.1:%d", ports[1]),
		MetricsURL: fmt.Sprintf("http://127.0.0.1:%d", ports[2]),
		opts:       o,
	}
	s.Args = append([]string{"serve",
		"--config=" + o.ConfigPath,
		"--cert-dir=" + o.CertDir,
		"--kubeconfig=" + o.Kubeconfig,
		"--host=127.0.0.1",
		"--port=" + strconv.Itoa(o.Port),
		"--health-addr=" + strings.TrimPrefix(s.HealthURL, "http://"),
		"--metrics-addr=" + strings.TrimPrefix(s.MetricsURL, "http://"),
	}, o.ExtraArgs...)
	if o.SelfImage != "" {
		s.Args = append(s.Args, "--self-image="+o.SelfImage)
	}
	out := o.Log
	if out == nil {
		out = io.Discard
	}
	s.proc, err = startProcess("podpatterns serve", o.Binary, s.Args, out, o.Env...)
	if err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		_ = s.proc.stop()
		return nil, err
	}
	return s, nil
}

// waitReady polls /readyz until 200, the process exits, or the timeout.
func (s *Server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, serverReadyTimeout)
	defer cancel()
	var last string
	for {
		if done, err := s.proc.exited(); done {
			return fmt.Errorf("podpatterns serve exited before it was ready: %v", err)
		}
		resp, err := http.Get(s.HealthURL + "/readyz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%d %s", resp.StatusCode, body)
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("podpatterns serve not ready within %s: %s", serverReadyTimeout, last)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Stop ends the server (SIGTERM, then SIGKILL after a grace period).
func (s *Server) Stop() error { return s.proc.stop() }

// PID is the server's process id (the load harness reads its CPU time).
func (s *Server) PID() int { return s.proc.pid() }

// Metrics returns the Prometheus text exposition of /metrics.
func (s *Server) Metrics() (string, error) {
	resp, err := http.Get(s.MetricsURL + "/metrics")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

// freePorts asks the kernel for n free loopback ports. They are released before use, so
// another process could take one meanwhile; on a test machine that race is negligible.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// WriteFileAtomic replaces path's content in one rename, as a ConfigMap volume update
// does, so a watcher never reads a half-written file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
