package chartrender_test

import (
	"slices"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/chartrender"
)

// The match condition every pod webhook carries.
const (
	mirrorCondition = "not-a-mirror-pod"
	// mirrorExpression skips the pods the kubelet mirrors from static manifests: the
	// apiserver refuses any mutation of them, so a webhook must not see them.
	mirrorExpression = `!has(object.metadata.annotations) || !('kubernetes.io/config.mirror' in object.metadata.annotations)`
)

// hookView is what the mutating and validating webhook types share, for common checks.
type hookView struct {
	Name              string
	Path              string
	ClientConfig      admissionregistrationv1.WebhookClientConfig
	Rules             []admissionregistrationv1.RuleWithOperations
	FailurePolicy     admissionregistrationv1.FailurePolicyType
	SideEffects       admissionregistrationv1.SideEffectClass
	TimeoutSeconds    int32
	ReviewVersions    []string
	NamespaceSelector *metav1.LabelSelector
	MatchConditions   []admissionregistrationv1.MatchCondition
}

// renderedWebhooks returns every webhook by name, and the two configurations.
func renderedWebhooks(t *testing.T, m *chartrender.Manifests, fullname string) (map[string]hookView, *admissionregistrationv1.MutatingWebhookConfiguration, *admissionregistrationv1.ValidatingWebhookConfiguration) {
	t.Helper()
	var mwc admissionregistrationv1.MutatingWebhookConfiguration
	var vwc admissionregistrationv1.ValidatingWebhookConfiguration
	decode(t, m, "MutatingWebhookConfiguration", fullname, &mwc)
	decode(t, m, "ValidatingWebhookConfiguration", fullname, &vwc)
	out := map[string]hookView{}
	for _, w := range mwc.Webhooks {
		if w.ReinvocationPolicy == nil || *w.ReinvocationPolicy != admissionregistrationv1.IfNeededReinvocationPolicy {
			t.Errorf("%s: reinvocationPolicy = %v, want IfNeeded", w.Name, w.ReinvocationPolicy)
		}
		out[w.Name] = hookView{w.Name, *w.ClientConfig.Service.Path, w.ClientConfig, w.Rules, deref(w.FailurePolicy), deref(w.SideEffects), deref(w.TimeoutSeconds), w.AdmissionReviewVersions, w.NamespaceSelector, w.MatchConditions}
	}
	for _, w := range vwc.Webhooks {
		out[w.Name] = hookView{w.Name, *w.ClientConfig.Service.Path, w.ClientConfig, w.Rules, deref(w.FailurePolicy), deref(w.SideEffects), deref(w.TimeoutSeconds), w.AdmissionReviewVersions, w.NamespaceSelector, w.MatchConditions}
	}
	return out, &mwc, &vwc
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func TestWebhookConfigurations(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		hooks, mwc, vwc := renderedWebhooks(t, m, v.fullname)
		wantNames := []string{chartrender.WebhookInject, chartrender.WebhookProfiles}
		if v.defaultsWebhook {
			wantNames = append(wantNames, chartrender.WebhookDefaults)
		}
		if podHooks := len(hooks) - len(workloadHooks(hooks)); podHooks != len(wantNames) {
			t.Errorf("pod webhooks = %d, want %v", podHooks, wantNames)
		}
		wantPath := map[string]string{chartrender.WebhookInject: "/mutate", chartrender.WebhookDefaults: "/mutate", chartrender.WebhookProfiles: "/validate"}
		for _, name := range wantNames {
			w, ok := hooks[name]
			if !ok {
				t.Errorf("webhook %s not rendered", name)
				continue
			}
			if w.Path != wantPath[name] {
				t.Errorf("%s: path %s, want %s", name, w.Path, wantPath[name])
			}
			svc := w.ClientConfig.Service
			if svc.Name != v.fullname || svc.Namespace != v.namespace() || deref(svc.Port) != 443 {
				t.Errorf("%s: service %s/%s:%d, want %s/%s:443", name, svc.Namespace, svc.Name, deref(svc.Port), v.namespace(), v.fullname)
			}
			if len(w.ClientConfig.CABundle) != 0 {
				t.Errorf("%s: the chart must not render a caBundle (cainjector or the server owns it)", name)
			}
			if w.SideEffects != admissionregistrationv1.SideEffectClassNone {
				t.Errorf("%s: sideEffects %s", name, w.SideEffects)
			}
			if !slices.Equal(w.ReviewVersions, []string{"v1"}) {
				t.Errorf("%s: admissionReviewVersions %v", name, w.ReviewVersions)
			}
			if w.TimeoutSeconds < 1 || w.TimeoutSeconds > 10 {
				t.Errorf("%s: timeoutSeconds %d, want a short timeout", name, w.TimeoutSeconds)
			}
			assertPodRules(t, name, w.Rules, name == chartrender.WebhookProfiles)
			if !slices.ContainsFunc(w.MatchConditions, func(c admissionregistrationv1.MatchCondition) bool {
				return c.Name == mirrorCondition && c.Expression == mirrorExpression
			}) {
				t.Errorf("%s: no %s matchCondition with expression %s: %+v", name, mirrorCondition, mirrorExpression, w.MatchConditions)
			}
		}
		injectAnnotation := "cert-manager.io/inject-ca-from"
		want := ""
		if v.certManager {
			want = v.namespace() + "/" + v.fullname + "-tls"
		}
		for kind, got := range map[string]string{"mutating": mwc.Annotations[injectAnnotation], "validating": vwc.Annotations[injectAnnotation]} {
			if got != want {
				t.Errorf("%s configuration %s = %q, want %q", kind, injectAnnotation, got, want)
			}
		}
	})
}

// assertPodRules: every webhook sees CREATE of core/v1 pods; the validating webhook also
// UPDATE of pods/resize (in-place resize must not take a pod past its profile), and the
// mutating ones nothing else (a pod is mutated once).
func assertPodRules(t *testing.T, name string, rules []admissionregistrationv1.RuleWithOperations, resize bool) {
	t.Helper()
	want := []struct {
		op       admissionregistrationv1.OperationType
		resource string
	}{{admissionregistrationv1.Create, "pods"}}
	if resize {
		want = append(want, struct {
			op       admissionregistrationv1.OperationType
			resource string
		}{admissionregistrationv1.Update, "pods/resize"})
	}
	if len(rules) != len(want) {
		t.Fatalf("%s: %d rules, want %d", name, len(rules), len(want))
	}
	for i, r := range rules {
		if !slices.Equal(r.Operations, []admissionregistrationv1.OperationType{want[i].op}) ||
			!slices.Equal(r.APIGroups, []string{""}) || !slices.Equal(r.APIVersions, []string{"v1"}) ||
			!slices.Equal(r.Resources, []string{want[i].resource}) || deref(r.Scope) != admissionregistrationv1.NamespacedScope {
			t.Errorf("%s: rule %+v, want %s of core/v1 %s", name, r, want[i].op, want[i].resource)
		}
	}
}

// TestNamespaceSelection evaluates each webhook's namespaceSelector against namespaces
// the way the apiserver does, so the routing contract of docs/design.md is checked by
// behaviour, not by the shape of the YAML.
func TestNamespaceSelection(t *testing.T) {
	inject := map[string]string{mutators.LabelInject: mutators.InjectEnabled}
	profile := map[string]string{mutators.LabelProfile: "standard"}
	both := map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}
	disabled := map[string]string{mutators.LabelInject: "disabled", mutators.LabelProfile: "standard"}

	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		hooks, _, _ := renderedWebhooks(t, m, v.fullname)
		type selectionCase struct {
			namespace string
			labels    map[string]string
			want      []string // webhooks that are called
		}
		tests := []selectionCase{
			{"apps", nil, nil},
			{"apps", inject, []string{chartrender.WebhookInject}},
			{"apps", profile, []string{chartrender.WebhookDefaults, chartrender.WebhookProfiles}},
			{"apps", both, []string{chartrender.WebhookInject, chartrender.WebhookProfiles}},
			{"apps", disabled, []string{chartrender.WebhookDefaults, chartrender.WebhookProfiles}},
		}
		for _, ns := range v.excluded {
			tests = append(tests, selectionCase{ns, both, nil}, selectionCase{ns, profile, nil})
		}
		for _, tt := range tests {
			nsLabels := labels.Set{corev1.LabelMetadataName: tt.namespace}
			for k, val := range tt.labels {
				nsLabels[k] = val
			}
			var called []string
			for _, name := range []string{chartrender.WebhookInject, chartrender.WebhookDefaults, chartrender.WebhookProfiles} {
				w, ok := hooks[name]
				if !ok {
					continue
				}
				sel, err := metav1.LabelSelectorAsSelector(w.NamespaceSelector)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if sel.Matches(nsLabels) {
					called = append(called, name)
				}
			}
			want := tt.want
			if !v.defaultsWebhook {
				want = slices.DeleteFunc(slices.Clone(want), func(n string) bool { return n == chartrender.WebhookDefaults })
			}
			if !slices.Equal(called, want) {
				t.Errorf("namespace %s %v: called %v, want %v", tt.namespace, tt.labels, called, want)
			}
		}
	})
}

// TestFailurePolicy: the global default, and per-webhook overrides.
func TestFailurePolicy(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]any
		want   map[string]admissionregistrationv1.FailurePolicyType
	}{
		{name: "default is Fail everywhere",
			want: map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Fail", chartrender.WebhookDefaults: "Fail", chartrender.WebhookProfiles: "Fail"}},
		{name: "global Ignore",
			values: map[string]any{"webhooks": map[string]any{"failurePolicy": "Ignore"}},
			want:   map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Ignore", chartrender.WebhookDefaults: "Ignore", chartrender.WebhookProfiles: "Ignore"}},
		{name: "only validation fails closed",
			values: map[string]any{"webhooks": map[string]any{"failurePolicy": "Ignore", "validate": map[string]any{"failurePolicy": "Fail"}}},
			want:   map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Ignore", chartrender.WebhookDefaults: "Ignore", chartrender.WebhookProfiles: "Fail"}},
		// Each override alone, so a template reading another webhook's value is caught.
		{name: "only inject fails open",
			values: map[string]any{"webhooks": map[string]any{"inject": map[string]any{"failurePolicy": "Ignore"}}},
			want:   map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Ignore", chartrender.WebhookDefaults: "Fail", chartrender.WebhookProfiles: "Fail"}},
		{name: "only defaults fails open",
			values: map[string]any{"webhooks": map[string]any{"defaults": map[string]any{"failurePolicy": "Ignore"}}},
			want:   map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Fail", chartrender.WebhookDefaults: "Ignore", chartrender.WebhookProfiles: "Fail"}},
		{name: "only validation fails open",
			values: map[string]any{"webhooks": map[string]any{"validate": map[string]any{"failurePolicy": "Ignore"}}},
			want:   map[string]admissionregistrationv1.FailurePolicyType{chartrender.WebhookInject: "Fail", chartrender.WebhookDefaults: "Fail", chartrender.WebhookProfiles: "Ignore"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hooks, _, _ := renderedWebhooks(t, render(t, chartrender.Options{Values: tt.values}), "podpatterns")
			for name, want := range tt.want {
				if got := hooks[name].FailurePolicy; got != want {
					t.Errorf("%s: failurePolicy %s, want %s", name, got, want)
				}
			}
		})
	}
}

// TestDefaultsWebhookSkipsPodsWithPriorityClass: the defaults webhook only has work when
// the pod names no priority class, and says so in a matchCondition.
func TestDefaultsWebhookSkipsPodsWithPriorityClass(t *testing.T) {
	hooks, _, _ := renderedWebhooks(t, render(t, chartrender.Options{}), "podpatterns")
	conds := hooks[chartrender.WebhookDefaults].MatchConditions
	if !slices.ContainsFunc(conds, func(c admissionregistrationv1.MatchCondition) bool {
		return c.Name == "no-priority-class" && c.Expression == `!has(object.spec.priorityClassName) || object.spec.priorityClassName == ''`
	}) {
		t.Errorf("defaults webhook matchConditions = %+v", conds)
	}
	if got := hooks[chartrender.WebhookInject].MatchConditions; len(got) != 1 {
		t.Errorf("inject webhook must see every pod but mirror pods, matchConditions = %+v", got)
	}
}
