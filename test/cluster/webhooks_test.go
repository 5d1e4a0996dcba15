package cluster

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// TestWebhookSelection checks which webhooks the chart's namespace selectors send a
// namespace's pods to: inject-labelled namespaces get inject (never defaults, so no pod
// is mutated twice by us), profile-only namespaces get defaults, profile namespaces get
// validated, and kube-system and the release namespace get nothing whatever their labels.
func TestWebhookSelection(t *testing.T) {
	o := WebhookOptions{ReleaseNamespace: "pp-system", URL: "https://127.0.0.1:1"}
	cases := []struct {
		name   string
		labels map[string]string
		want   []string
	}{
		{"unlabelled", nil, nil},
		{"inject", map[string]string{"podpatterns.io/inject": "enabled"}, []string{WebhookInject}},
		{"inject disabled", map[string]string{"podpatterns.io/inject": "disabled"}, nil},
		{"profile only", map[string]string{"podpatterns.io/profile": "standard"}, []string{WebhookDefaults, WebhookProfiles}},
		{"profile and inject disabled", map[string]string{"podpatterns.io/profile": "standard", "podpatterns.io/inject": "no"}, []string{WebhookDefaults, WebhookProfiles}},
		{"inject and profile", map[string]string{"podpatterns.io/inject": "enabled", "podpatterns.io/profile": ""}, []string{WebhookInject, WebhookProfiles}},
		{"kube-system", map[string]string{LabelNamespaceName: "kube-system", "podpatterns.io/inject": "enabled", "podpatterns.io/profile": "standard"}, nil},
		{"release namespace", map[string]string{LabelNamespaceName: "pp-system", "podpatterns.io/inject": "enabled", "podpatterns.io/profile": "standard"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, w := range MutatingWebhookConfiguration(o).Webhooks {
				if selects(t, w.NamespaceSelector, tc.labels) {
					got = append(got, w.Name)
				}
			}
			for _, w := range ValidatingWebhookConfiguration(o).Webhooks {
				if selects(t, w.NamespaceSelector, tc.labels) {
					got = append(got, w.Name)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("selected by %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("selected by %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func selects(t *testing.T, sel *metav1.LabelSelector, set map[string]string) bool {
	t.Helper()
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return s.Matches(labels.Set(set))
}

// TestWebhookPolicies pins the policies the chart renders on every webhook.
func TestWebhookPolicies(t *testing.T) {
	o := WebhookOptions{URL: "https://127.0.0.1:9443", CABundle: []byte("ca"), FailurePolicy: admissionregistrationv1.Ignore}
	for _, w := range MutatingWebhookConfiguration(o).Webhooks {
		if *w.ClientConfig.URL != "https://127.0.0.1:9443/mutate" || string(w.ClientConfig.CABundle) != "ca" {
			t.Errorf("%s: clientConfig %v", w.Name, w.ClientConfig)
		}
		if *w.ReinvocationPolicy != admissionregistrationv1.IfNeededReinvocationPolicy {
			t.Errorf("%s: reinvocationPolicy %s", w.Name, *w.ReinvocationPolicy)
		}
		checkCommon(t, w.Name, w.Rules, *w.FailurePolicy, *w.SideEffects, *w.TimeoutSeconds, w.MatchConditions)
	}
	for _, w := range ValidatingWebhookConfiguration(o).Webhooks {
		if *w.ClientConfig.URL != "https://127.0.0.1:9443/validate" {
			t.Errorf("%s: url %s", w.Name, *w.ClientConfig.URL)
		}
		checkCommon(t, w.Name, w.Rules, *w.FailurePolicy, *w.SideEffects, *w.TimeoutSeconds, w.MatchConditions)
	}
	if got := *MutatingWebhookConfiguration(WebhookOptions{}).Webhooks[0].FailurePolicy; got != admissionregistrationv1.Fail {
		t.Errorf("default failurePolicy %s, want Fail", got)
	}
}

func checkCommon(t *testing.T, name string, rules []admissionregistrationv1.RuleWithOperations,
	fp admissionregistrationv1.FailurePolicyType, se admissionregistrationv1.SideEffectClass, timeout int32,
	conds []admissionregistrationv1.MatchCondition) {
	t.Helper()
	if len(rules) != 1 || len(rules[0].Operations) != 1 || rules[0].Operations[0] != admissionregistrationv1.Create ||
		rules[0].Resources[0] != "pods" || rules[0].APIGroups[0] != "" {
		t.Errorf("%s: rules %+v", name, rules)
	}
	if fp != admissionregistrationv1.Ignore || se != admissionregistrationv1.SideEffectClassNone || timeout != 5 {
		t.Errorf("%s: failurePolicy %s sideEffects %s timeout %d", name, fp, se, timeout)
	}
	if len(conds) == 0 || conds[0].Name != notMirrorPod.Name {
		t.Errorf("%s: matchConditions %+v", name, conds)
	}
}
