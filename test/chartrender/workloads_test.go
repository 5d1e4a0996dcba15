package chartrender_test

import (
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/chartrender"
)

// The workloads webhook's entries (one per pod-webhook namespace set) and its condition.
const (
	ownedCondition  = "not-controller-owned"
	ownedExpression = `!has(object.metadata.ownerReferences) || !object.metadata.ownerReferences.exists(r, has(r.controller) && r.controller)`
)

// workloadHooks are the rendered workloads entries.
func workloadHooks(hooks map[string]hookView) map[string]hookView {
	out := map[string]hookView{}
	for name, w := range hooks {
		if strings.HasPrefix(name, "workloads") {
			out[name] = w
		}
	}
	return out
}

// TestWorkloadWebhooks: two entries on /validate-workloads, CREATE and UPDATE of the six
// pod controllers (not their subresources), controller-owned objects left out by a
// matchCondition, failurePolicy Ignore unless set, and a values toggle.
func TestWorkloadWebhooks(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		hooks, _, _ := renderedWebhooks(t, m, v.fullname)
		got := workloadHooks(hooks)
		if len(got) != 2 || got[chartrender.WebhookWorkloads].Name == "" || got[chartrender.WebhookWorkloadsInject].Name == "" {
			t.Fatalf("workload webhooks %v, want %s and %s", slices.Collect(mapsKeys(got)), chartrender.WebhookWorkloads, chartrender.WebhookWorkloadsInject)
		}
		for name, w := range got {
			if w.Path != "/validate-workloads" || w.FailurePolicy != admissionregistrationv1.Ignore || w.SideEffects != admissionregistrationv1.SideEffectClassNone {
				t.Errorf("%s: path %s, failurePolicy %s, sideEffects %s", name, w.Path, w.FailurePolicy, w.SideEffects)
			}
			assertWorkloadRules(t, name, w.Rules)
			if len(w.MatchConditions) != 1 || w.MatchConditions[0].Name != ownedCondition || w.MatchConditions[0].Expression != ownedExpression {
				t.Errorf("%s: matchConditions %+v", name, w.MatchConditions)
			}
		}
	})
	off := render(t, chartrender.Options{Values: map[string]any{"webhooks": map[string]any{"workloads": map[string]any{"enabled": false}}}})
	if hooks, _, _ := renderedWebhooks(t, off, "podpatterns"); len(workloadHooks(hooks)) != 0 {
		t.Errorf("webhooks.workloads.enabled=false still renders %v", slices.Collect(mapsKeys(workloadHooks(hooks))))
	}
	fail := render(t, chartrender.Options{Values: map[string]any{"webhooks": map[string]any{"workloads": map[string]any{"failurePolicy": "Fail"}}}})
	hooks, _, _ := renderedWebhooks(t, fail, "podpatterns")
	for name, w := range workloadHooks(hooks) {
		if w.FailurePolicy != admissionregistrationv1.Fail {
			t.Errorf("%s: failurePolicy %s with webhooks.workloads.failurePolicy=Fail", name, w.FailurePolicy)
		}
	}
}

func assertWorkloadRules(t *testing.T, name string, rules []admissionregistrationv1.RuleWithOperations) {
	t.Helper()
	want := map[string][]string{"apps": {"deployments", "statefulsets", "daemonsets", "replicasets"}, "batch": {"jobs", "cronjobs"}}
	if len(rules) != len(want) {
		t.Fatalf("%s: %d rules, want %d", name, len(rules), len(want))
	}
	for _, r := range rules {
		ops := []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}
		if len(r.APIGroups) != 1 || !slices.Equal(r.Resources, want[r.APIGroups[0]]) || !slices.Equal(r.Operations, ops) ||
			!slices.Equal(r.APIVersions, []string{"v1"}) || deref(r.Scope) != admissionregistrationv1.NamespacedScope {
			t.Errorf("%s: rule %+v", name, r)
		}
	}
}

// TestWorkloadWebhookNamespaces: a workload is checked in exactly the namespaces some
// pod webhook sees, by exactly one entry (never twice), and never in excluded ones.
func TestWorkloadWebhookNamespaces(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		hooks, _, _ := renderedWebhooks(t, m, v.fullname)
		for _, tt := range []struct {
			namespace string
			labels    map[string]string
			want      []string
		}{
			{"apps", nil, nil},
			{"apps", map[string]string{mutators.LabelInject: mutators.InjectEnabled}, []string{chartrender.WebhookWorkloadsInject}},
			{"apps", map[string]string{mutators.LabelProfile: "standard"}, []string{chartrender.WebhookWorkloads}},
			{"apps", map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}, []string{chartrender.WebhookWorkloads}},
			{"kube-system", map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}, nil},
			{v.namespace(), map[string]string{mutators.LabelInject: mutators.InjectEnabled}, nil},
		} {
			nsLabels := labels.Set{corev1.LabelMetadataName: tt.namespace}
			for k, val := range tt.labels {
				nsLabels[k] = val
			}
			var called []string
			for _, name := range []string{chartrender.WebhookWorkloads, chartrender.WebhookWorkloadsInject} {
				sel, err := metav1.LabelSelectorAsSelector(hooks[name].NamespaceSelector)
				if err != nil {
					t.Fatal(err)
				}
				if sel.Matches(nsLabels) {
					called = append(called, name)
				}
			}
			if !slices.Equal(called, tt.want) {
				t.Errorf("namespace %s %v: called %v, want %v", tt.namespace, tt.labels, called, tt.want)
			}
		}
	})
}

func mapsKeys(m map[string]hookView) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
