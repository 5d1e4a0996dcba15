package webhook

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/podpatterns/podpatterns/mutators"
)

// listedNamespaces is a NamespaceIndex whose namespaces a test changes.
type listedNamespaces struct {
	mu  sync.Mutex
	nss []mutators.Namespace
}

func (l *listedNamespaces) Namespace(_ context.Context, name string) (mutators.Namespace, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ns := range l.nss {
		if ns.Name == name {
			return ns, nil
		}
	}
	return mutators.Namespace{}, ErrNamespaceNotCached
}

func (l *listedNamespaces) AllNamespaces() []mutators.Namespace {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]mutators.Namespace(nil), l.nss...)
}

func (l *listedNamespaces) set(nss ...mutators.Namespace) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nss = nss
}

// TestReloadRefusesDropsNamespacesName: a reload dropping a profile a namespace's label
// names, or a template a namespace's annotation selects, is refused (the last good
// config serves, the failure is counted, the log names the name and the namespaces);
// the same file applies once no namespace names them.
func TestReloadRefusesDropsNamespacesName(t *testing.T) {
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
	strict := mutators.Namespace{Name: "team-a", Labels: map[string]string{mutators.LabelProfile: "strict"}}
	shipper := mutators.Namespace{Name: "team-b", Annotations: map[string]string{mutators.AnnotationSidecars: "other, log-shipper"}}
	plain := mutators.Namespace{Name: "team-c", Labels: map[string]string{mutators.LabelProfile: "standard"}}
	nss := &listedNamespaces{}
	nss.set(strict, shipper, plain)
	var mu sync.Mutex
	var logs []string
	logger := funcr.New(func(_, args string) { mu.Lock(); logs = append(logs, args); mu.Unlock() }, funcr.Options{})
	srv, err := NewServer(Options{CertDir: dir, ConfigPath: path, Namespaces: nss, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	good := srv.Handlers().Pipeline().Revision()
	failures := func() float64 { return testutil.ToFloat64(srv.metrics.ConfigReloads.WithLabelValues("failure")) }

	write("profiles: {standard: {}}\n")
	for i, want := range []string{`profile strict (namespaces team-a); sidecars/log-shipper (namespaces team-b)`, `sidecars/log-shipper (namespaces team-b)`} {
		if srv.Reloader().Reload() || srv.Handlers().Pipeline().Revision() != good {
			t.Fatalf("reload %d: a config dropping names namespaces use was applied", i)
		}
		if got := failures(); got != float64(i+1) {
			t.Errorf("reload %d: failed reloads %v, want %d", i, got, i+1)
		}
		mu.Lock()
		all := strings.Join(logs, "\n")
		mu.Unlock()
		if !strings.Contains(all, errDroppedInUse.Error()+": "+want) {
			t.Errorf("reload %d: no log naming %q:\n%s", i, want, all)
		}
		nss.set(shipper, plain) // team-a relabelled
	}
	nss.set(plain)
	if !srv.Reloader().Reload() || srv.Handlers().Pipeline().Revision() == good {
		t.Fatal("the same file, no namespace naming what it drops: not applied")
	}
	if p := testutil.ToFloat64(srv.metrics.ConfigDropped.WithLabelValues(droppedProfile)); p != 1 {
		t.Errorf("dropped profiles %v, want 1 (the applied drop is still counted)", p)
	}
}
