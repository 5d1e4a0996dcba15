package e2e

import (
	"slices"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// TestDryRunCreate: sideEffects None lets the apiserver send dry-run requests to us. A
// dry-run create answers with the mutated pod, exactly as a real create would store it,
// and stores nothing.
func TestDryRunCreate(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	dry, _, err := createPod(t, ns, wantsLogShipper("dry"), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatalf("dry-run create: %v", err)
	}
	if names := containerNames(dry); !slices.Equal(names, []string{"init:log-shipper", "app"}) {
		t.Errorf("dry-run answer has containers %v, want the injected [init:log-shipper app]", names)
	}
	pods, _ := podClient(t, ns)
	if _, err := pods.Get(ctxFor(t), "dry", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("after a dry run, get pod: %v; want NotFound", err)
	}
	list, err := pods.List(ctxFor(t), metav1.ListOptions{})
	if err != nil || len(list.Items) != 0 {
		t.Errorf("after a dry run the namespace holds %d pods (err %v), want none", len(list.Items), err)
	}

	real, _ := mustCreatePod(t, ns, wantsLogShipper("dry"))
	if !slices.Equal(containerNames(real), containerNames(dry)) {
		t.Errorf("real create stored %v, dry run answered %v", containerNames(real), containerNames(dry))
	}
}

// TestDryRunCreateDenied: validation applies to dry runs too, so `kubectl apply
// --dry-run=server` shows a denial before anything is rolled out.
func TestDryRunCreateDenied(t *testing.T) {
	t.Parallel()
	ns := profileNamespace(t, standardProfile, validators.ModeEnforce)
	_, _, err := createPod(t, ns, bestEffortPod("dry-denied"), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	assertDenied(t, err, cluster.WebhookProfiles, []string{"(" + string(validators.RuleRequestsRequired) + ")"})
}
