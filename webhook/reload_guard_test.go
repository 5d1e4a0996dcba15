package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestReloadGuards: an empty file is rejected on reload (the last good config keeps
// serving) and at startup; a reload that drops a profile and a template applies but is
// logged at error level with the names and counted.
func TestReloadGuards(t *testing.T) {
	dir := t.TempDir()
	writeServingCert(t, dir)
	path := filepath.Join(dir, "config.yaml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("profiles: {standard: {}, strict: {}}\nsidecars: {log-shipper: {container: {image: x}}}\n")
	var logs []string
	logger := funcr.New(func(prefix, args string) { logs = append(logs, args) }, funcr.Options{})
	srv, err := NewServer(Options{CertDir: dir, ConfigPath: path, Namespaces: StaticNamespaces{}, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	good := srv.Handlers().Pipeline().Revision()

	for _, empty := range []string{"", "---\n", "# nothing\n"} {
		write(empty)
		if srv.Reloader().Reload() || srv.Handlers().Pipeline().Revision() != good {
			t.Errorf("reload of %q applied", empty)
		}
	}
	if got := testutil.ToFloat64(srv.metrics.ConfigReloads.WithLabelValues("failure")); got != 3 {
		t.Errorf("failed reloads %v, want 3", got)
	}

	write("profiles: {standard: {}}\n")
	if !srv.Reloader().Reload() {
		t.Fatal("a valid config that drops names was not applied")
	}
	if p, tm := testutil.ToFloat64(srv.metrics.ConfigDropped.WithLabelValues(droppedProfile)),
		testutil.ToFloat64(srv.metrics.ConfigDropped.WithLabelValues(droppedTemplate)); p != 1 || tm != 1 {
		t.Errorf("dropped profiles %v templates %v, want 1 and 1", p, tm)
	}
	all := strings.Join(logs, "\n")
	if !strings.Contains(all, `"profiles"=["strict"]`) || !strings.Contains(all, `"templates"=["sidecars/log-shipper"]`) || !strings.Contains(all, errDropped.Error()) {
		t.Errorf("no error-level log naming the dropped profile and template:\n%s", all)
	}

	write("")
	if _, err := NewServer(Options{CertDir: dir, ConfigPath: path, Namespaces: StaticNamespaces{}}); err == nil ||
		!strings.Contains(err.Error(), "the config is empty") {
		t.Errorf("startup with an empty config: %v, want the empty-config error", err)
	}
}
