package config

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-logr/logr"
)

// TestRunReturnsMidReload: cancelling Run's context ends Run even while a reload is
// stuck in parsing (the server's errgroup waits for Run on SIGTERM).
func TestRunReturnsMidReload(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	initial, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWatcher(path, initial, func(*Loaded) {}, nil, logr.Discard())
	w.poll, w.debounce = time.Hour, time.Millisecond
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	w.parse = func(name string, data []byte) (*Loaded, error) {
		close(entered)
		<-release // a parse that does not return while the test runs
		return Parse(name, data)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the watcher start
	if err := os.WriteFile(path, []byte("lifecycle: {preStop: {sleepSeconds: 7}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case <-entered:
	case <-time.After(10 * time.Second):
		t.Fatal("no reload started within 10s")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5s of its context ending: a stuck reload holds up shutdown")
	}
}
