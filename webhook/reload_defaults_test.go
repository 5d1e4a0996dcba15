package webhook

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/podpatterns/podpatterns/mutators"
)

// enumerated is a NamespaceLister that can also list its namespaces, like the cache.
type enumerated struct {
	StaticNamespaces
	all []mutators.Namespace
}

func (e enumerated) AllNamespaces() []mutators.Namespace { return e.all }

// TestReloadCountsInvalidDefaults: a reload that lowers maxSleepSeconds below a
// namespace's podpatterns.io/prestop default applies (its pods skip the hook), and is
// logged with the namespace's name and counted; a namespace whose defaults stay valid
// is not.
func TestReloadCountsInvalidDefaults(t *testing.T) {
	dir := t.TempDir()
	writeServingCert(t, dir)
	path := filepath.Join(dir, "config.yaml")
	write := func(max int) {
		t.Helper()
		cfg := "lifecycle: {preStop: {sleepSeconds: 5, maxSleepSeconds: " + strconv.Itoa(max) + "}}\n"
		if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(120)
	on := map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	nss := enumerated{all: []mutators.Namespace{
		{Name: "slow-drain", Labels: on, Annotations: map[string]string{mutators.AnnotationPreStop: "90"}},
		{Name: "fast-drain", Labels: on, Annotations: map[string]string{mutators.AnnotationPreStop: "10"}},
	}}
	var logs []string
	logger := funcr.New(func(prefix, args string) { logs = append(logs, args) }, funcr.Options{})
	srv, err := NewServer(Options{CertDir: dir, ConfigPath: path, Namespaces: nss, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	write(60)
	if !srv.Reloader().Reload() {
		t.Fatal("the reload was not applied")
	}
	if got := testutil.ToFloat64(srv.metrics.ConfigInvalidDefaults); got != 1 {
		t.Errorf("podpatterns_config_invalid_defaults_total = %v, want 1", got)
	}
	joined := strings.Join(logs, "\n")
	if !strings.Contains(joined, `"slow-drain"`) || strings.Contains(joined, `"fast-drain"`) || !strings.Contains(joined, "at most 60 seconds") {
		t.Errorf("the log must name slow-drain (and only it) with the problem:\n%s", joined)
	}
}
