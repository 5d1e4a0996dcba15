package cluster

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestWebhookConfigurationsExcludeNamespaces: ExcludeNamespaces reaches every webhook
// through the chart value webhooks.excludeNamespaces, next to kube-system and the release
// namespace, so a namespace served by a second installation is never sent to the first.
func TestWebhookConfigurationsExcludeNamespaces(t *testing.T) {
	o := WebhookOptions{URL: "https://127.0.0.1:1", ReleaseNamespace: "pp-system", ExcludeNamespaces: []string{"second-install"}}
	mwc, vwc, err := WebhookConfigurations(o)
	if err != nil {
		t.Fatal(err)
	}
	selectors := map[string]*metav1.LabelSelector{}
	for _, w := range mwc.Webhooks {
		selectors[w.Name] = w.NamespaceSelector
	}
	for _, w := range vwc.Webhooks {
		selectors[w.Name] = w.NamespaceSelector
	}
	for name, sel := range selectors {
		var excluded []string
		for _, r := range sel.MatchExpressions {
			if r.Key == corev1.LabelMetadataName && r.Operator == metav1.LabelSelectorOpNotIn {
				excluded = r.Values
			}
		}
		if want := []string{"kube-system", "pp-system", "second-install"}; !slices.Equal(excluded, want) {
			t.Errorf("%s excludes %v, want %v", name, excluded, want)
		}
	}
	if len(selectors) != 5 {
		t.Errorf("got webhooks %v, want the chart's five", selectors)
	}
}
