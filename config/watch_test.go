package config

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-logr/logr"
)

// configMapDir lays files out like a ConfigMap volume: dir/config.yaml → ..data/config.yaml,
// ..data → ..<timestamp>; update swaps the ..data symlink atomically like the kubelet.
type configMapDir struct {
	t   *testing.T
	dir string
	gen int
}

func (c *configMapDir) update(content string) {
	c.t.Helper()
	c.gen++
	ts := filepath.Join(c.dir, "..gen"+time.Now().Format("150405.000000")+string(rune('a'+c.gen)))
	if err := os.Mkdir(ts, 0o755); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ts, "config.yaml"), []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
	tmp := filepath.Join(c.dir, "..data_tmp")
	if err := os.Symlink(filepath.Base(ts), tmp); err != nil {
		c.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(c.dir, "..data")); err != nil {
		c.t.Fatal(err)
	}
	link := filepath.Join(c.dir, "config.yaml")
	if _, err := os.Lstat(link); os.IsNotExist(err) {
		if err := os.Symlink("..data/config.yaml", link); err != nil {
			c.t.Fatal(err)
		}
	}
}

func TestWatcherReloads(t *testing.T) {
	cm := &configMapDir{t: t, dir: t.TempDir()}
	cm.update("lifecycle: {preStop: {sleepSeconds: 5}}\n")
	path := filepath.Join(cm.dir, "config.yaml")
	initial, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var current atomic.Pointer[Loaded]
	current.Store(initial)
	var results sync.Map // ReloadResult → *atomic.Int32
	count := func(r ReloadResult) int32 {
		n, _ := results.LoadOrStore(r, new(atomic.Int32))
		return n.(*atomic.Int32).Load()
	}
	observe := func(r ReloadResult) {
		n, _ := results.LoadOrStore(r, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
	}
	w := NewWatcher(path, initial, current.Store, observe, logr.Discard())
	w.poll = time.Hour // only inotify events may trigger a reload in this test
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the watcher start

	cm.update("lifecycle: {preStop: {sleepSeconds: 7}}\n")
	waitFor(t, func() bool { return current.Load().Revision != initial.Revision })
	if got := current.Load().Lifecycle.PreStop.SleepSeconds; got != 7 {
		t.Fatalf("valid change not applied: sleepSeconds=%d", got)
	}
	good := current.Load()

	cm.update("lifecycle: {preStop: {sleepSeconds: seven}}\n")
	waitFor(t, func() bool { return count(ReloadFailure) == 1 })
	if current.Load() != good {
		t.Fatal("invalid change replaced the last good config")
	}
	if count(ReloadSuccess) != 1 {
		t.Error("success not reported once")
	}
	if w.Reload() || count(ReloadFailure) != 1 {
		t.Error("an unchanged bad file is reported again")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
