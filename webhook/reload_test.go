package webhook

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
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

func TestConfigHotReload(t *testing.T) {
	cm := &configMapDir{t: t, dir: t.TempDir()}
	cm.update("lifecycle: {preStop: {sleepSeconds: 5}}\n")
	path := filepath.Join(cm.dir, "config.yaml")
	initial, err := LoadConfigFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	m := NewMetrics(prometheus.NewRegistry())
	h := NewHandlers(Compose(initial, Deps{}), StaticNamespaces{}, m, logr.Discard())
	r := NewConfigReloader(path, data, Deps{}, h, m, logr.Discard())
	r.poll = time.Hour // only inotify events may trigger a reload in this test
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // let the watcher start

	cm.update("lifecycle: {preStop: {sleepSeconds: 7}}\n")
	waitFor(t, func() bool { return h.Pipeline().Revision != initial.Revision })
	if got := h.Pipeline().Config.Lifecycle.PreStop.SleepSeconds; got != 7 {
		t.Fatalf("valid change not applied: sleepSeconds=%d", got)
	}
	good := h.Pipeline().Revision

	cm.update("lifecycle: {preStop: {sleepSeconds: seven}}\n")
	waitFor(t, func() bool { return testutil.ToFloat64(m.ConfigReloads.WithLabelValues("failure")) == 1 })
	if h.Pipeline().Revision != good || h.Pipeline().Config.Lifecycle.PreStop.SleepSeconds != 7 {
		t.Fatal("invalid change replaced the last good config")
	}
	if testutil.ToFloat64(m.ConfigReloads.WithLabelValues("success")) != 1 {
		t.Error("success not counted once")
	}
	if testutil.ToFloat64(m.ConfigInfo.WithLabelValues(good)) != 1 {
		t.Error("config info gauge does not show the serving revision")
	}
	if testutil.ToFloat64(m.ConfigLastReloadOK) != 0 {
		t.Error("last-reload-successful gauge is not 0 after a rejected file")
	}
	cm.update("lifecycle: {preStop: {sleepSeconds: 8}}\n")
	waitFor(t, func() bool { return testutil.ToFloat64(m.ConfigLastReloadOK) == 1 })
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
