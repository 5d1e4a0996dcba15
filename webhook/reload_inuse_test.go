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

// TestReloadNamesTheNamespacesUsingDrops: a reload dropping a profile a namespace's
// label names, or a template a namespace's annotation selects, applies loudly: the error
// line names each name with the namespaces that still use it, and the drops are counted.
func TestReloadNamesTheNamespacesUsingDrops(t *testing.T) {
	dir := t.TempDir()
	writeServingCert(t, dir)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte("profiles: {standard: {}, strict: {}}\nsidecars: {log-shipper: {container: {image: x}}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nss := &listedNamespaces{}
	nss.set(mutators.Namespace{Name: "team-a", Labels: map[string]string{mutators.LabelProfile: "strict"}},
		mutators.Namespace{Name: "team-b", Annotations: map[string]string{mutators.AnnotationSidecars: "other, log-shipper"}},
		mutators.Namespace{Name: "team-c", Labels: map[string]string{mutators.LabelProfile: "standard"}})
	var mu sync.Mutex
	var logs []string
	logger := funcr.New(func(_, args string) { mu.Lock(); logs = append(logs, args); mu.Unlock() }, funcr.Options{})
	srv, err := NewServer(Options{CertDir: dir, ConfigPath: path, Namespaces: nss, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	good := srv.Handlers().Pipeline().Revision()
	if err := os.WriteFile(path, []byte("profiles: {standard: {}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !srv.Reloader().Reload() || srv.Handlers().Pipeline().Revision() == good {
		t.Fatal("the reload was not applied")
	}
	mu.Lock()
	all := strings.Join(logs, "\n")
	mu.Unlock()
	if !strings.Contains(all, `"namespaces"=["profile strict (namespaces team-a)" "sidecars/log-shipper (namespaces team-b)"]`) || strings.Contains(all, "team-c") {
		t.Errorf("the error line does not name exactly the namespaces using the drops:\n%s", all)
	}
	if p := testutil.ToFloat64(srv.metrics.ConfigDropped.WithLabelValues(droppedProfile)); p != 1 {
		t.Errorf("dropped profiles %v, want 1", p)
	}
}
