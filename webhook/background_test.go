package webhook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runnableFunc adapts a function to Runnable.
type runnableFunc func(ctx context.Context) error

func (f runnableFunc) Start(ctx context.Context) error { return f(ctx) }

// testServer is a server on loopback ports with a minimal config and bg in Background.
func testServer(t *testing.T, bg ...Runnable) *Server {
	t.Helper()
	dir := t.TempDir()
	writeServingCert(t, dir)
	cfgPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfgPath, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Options{Host: "127.0.0.1", Port: freePort(t), CertDir: dir, ConfigPath: cfgPath,
		HealthAddr: "127.0.0.1:" + strconv.Itoa(freePort(t)), MetricsAddr: "127.0.0.1:" + strconv.Itoa(freePort(t)),
		Namespaces: StaticNamespaces{}, Background: bg})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// runFor runs srv until it returns or timeout passes (then cancels it).
func runFor(t *testing.T, srv *Server, ctx context.Context, timeout time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		t.Fatalf("Run still serving after %s", timeout)
		return nil
	}
}

// TestBackgroundFailureStopsServer: an informer cache or certificate manager that fails
// stops the whole server with its error (it used to be logged while serving went on).
func TestBackgroundFailureStopsServer(t *testing.T) {
	boom := errors.New("certificate secret is gone")
	srv := testServer(t, runnableFunc(func(ctx context.Context) error {
		select {
		case <-time.After(100 * time.Millisecond):
			return boom
		case <-ctx.Done():
			return nil
		}
	}))
	err := runFor(t, srv, context.Background(), 10*time.Second)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("Run returned %v, want the background failure", err)
	}
}

// TestBackgroundShutdownIsNotAFailure: a runnable that returns the context's error on
// shutdown does not make Run fail; one that returns early with nil keeps the server up.
func TestBackgroundShutdownIsNotAFailure(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	srv := testServer(t,
		runnableFunc(func(context.Context) error { close(started); return nil }),
		runnableFunc(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }))
	go func() {
		<-started
		time.Sleep(200 * time.Millisecond) // serving on with a finished runnable
		cancel()
	}()
	if err := runFor(t, srv, ctx, 10*time.Second); err != nil {
		t.Fatalf("Run after shutdown: %v", err)
	}
}
