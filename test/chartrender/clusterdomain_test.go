package chartrender_test

import (
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestNonDefaultClusterDomain: certManager.clusterDomain reaches both certificate
// paths: cert-manager's serving Certificate names <svc>.<ns>.svc.<domain>, and in
// self-managed mode the server gets --cluster-domain=<domain>; cluster.local appears in
// neither.
func TestNonDefaultClusterDomain(t *testing.T) {
	const domain = "corp.example"
	m := render(t, chartrender.Options{Values: map[string]any{"certManager": map[string]any{"clusterDomain": domain}}})
	serving := m.Find("Certificate", "podpatterns-tls")
	if serving == nil {
		t.Fatal("no serving Certificate")
	}
	names, _, _ := unstructured.NestedStringSlice(serving.Object, "spec", "dnsNames")
	if want := []string{"podpatterns.podpatterns-system.svc", "podpatterns.podpatterns-system.svc." + domain}; !slices.Equal(names, want) {
		t.Errorf("serving dnsNames %v, want %v", names, want)
	}
	m = render(t, chartrender.Options{Values: map[string]any{"certManager": map[string]any{"enabled": false, "clusterDomain": domain}}})
	args := deployment(t, m, "podpatterns").Spec.Template.Spec.Containers[0].Args
	if !slices.Contains(args, "--cluster-domain="+domain) || slices.Contains(args, "--cluster-domain=cluster.local") {
		t.Errorf("self-managed args %v: want --cluster-domain=%s", args, domain)
	}
}
