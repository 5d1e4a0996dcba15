package webhook

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestServerReloadsIntoHandlers: the server wires config.Watcher to the handlers and the
// metrics: a valid change serves a new pipeline and moves podpatterns_config_info, an
// invalid one is counted and the last good pipeline keeps serving.
func TestServerReloadsIntoHandlers(t *testing.T) {
	dir := t.TempDir()
	writeServingCert(t, dir)
	cfgPath := filepath.Join(dir, "config.yaml")
	write := func(content string) {
		if err := os.WriteFile(cfgPath, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lifecycle: {preStop: {sleepSeconds: 5}}\n")
	srv, err := NewServer(Options{CertDir: dir, ConfigPath: cfgPath, Namespaces: StaticNamespaces{}})
	if err != nil {
		t.Fatal(err)
	}
	first := srv.Handlers().Pipeline().Revision()

	write("lifecycle: {preStop: {sleepSeconds: 7}}\n")
	if !srv.Reloader().Reload() {
		t.Fatal("a valid change was not applied")
	}
	good := srv.Handlers().Pipeline()
	if good.Revision() == first || good.Config.Lifecycle.PreStop.SleepSeconds != 7 {
		t.Fatalf("handlers serve revision %s (sleepSeconds %d)", good.Revision(), good.Config.Lifecycle.PreStop.SleepSeconds)
	}
	m := srv.metrics
	if got := servedRevisions(t, m); len(got) != 1 || got[0] != good.Revision() {
		t.Error("podpatterns_config_info does not show exactly the serving revision")
	}

	write("lifecycle: {preStop: {sleepSeconds: seven}}\n")
	if srv.Reloader().Reload() || srv.Handlers().Pipeline() != good {
		t.Fatal("an invalid change replaced the last good pipeline")
	}
	if testutil.ToFloat64(m.ConfigReloads.WithLabelValues("success")) != 1 || testutil.ToFloat64(m.ConfigReloads.WithLabelValues("failure")) != 1 {
		t.Error("reloads not counted as one success and one failure")
	}
	if testutil.ToFloat64(m.ConfigLastReloadOK) != 0 {
		t.Error("podpatterns_config_last_reload_successful is not 0 after a rejected file")
	}
	write("lifecycle: {preStop: {sleepSeconds: 8}}\n")
	if !srv.Reloader().Reload() || testutil.ToFloat64(m.ConfigLastReloadOK) != 1 {
		t.Error("podpatterns_config_last_reload_successful is not back to 1 after a good file")
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
