package cluster

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// TestGoWebhooksMatchTheChart: the webhook configurations the e2e suite and the demo
// install (built in Go by MutatingWebhookConfiguration and ValidatingWebhookConfiguration)
// are the chart's, field for field, for the defaults and for every option the suite
// varies; only clientConfig differs (a URL instead of the Service, by construction of
// ChartWebhooks). A template change that the Go copies do not follow fails here, so the
// suite can never test webhooks that `helm install` would not create.
func TestGoWebhooksMatchTheChart(t *testing.T) {
	cases := map[string]WebhookOptions{
		"chart defaults": {URL: "https://127.0.0.1:9443", CABundle: []byte("ca")},
		"every option the suite varies": {
			ConfigurationName: "pp-e2e", ReleaseNamespace: "pp-system",
			ExcludeNamespaces: []string{"monitoring", "cert-manager"},
			FailurePolicy:     admissionregistrationv1.Ignore, TimeoutSeconds: 12,
			URL: "https://127.0.0.1:1234", CABundle: []byte("other-ca"),
		},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			mwc, vwc, err := ChartWebhooks(o)
			if err != nil {
				t.Fatal(err)
			}
			if want := MutatingWebhookConfiguration(o); mwc.Name != want.Name {
				t.Errorf("mutating configuration named %q by the chart, %q in Go", mwc.Name, want.Name)
			} else if diff := cmp.Diff(want.Webhooks, mwc.Webhooks); diff != "" {
				t.Errorf("mutating webhooks differ (-Go +chart):\n%s", diff)
			}
			if want := ValidatingWebhookConfiguration(o); vwc.Name != want.Name {
				t.Errorf("validating configuration named %q by the chart, %q in Go", vwc.Name, want.Name)
			} else if diff := cmp.Diff(want.Webhooks, vwc.Webhooks); diff != "" {
				t.Errorf("validating webhooks differ (-Go +chart):\n%s", diff)
			}
		})
	}
}

// TestChartWebhookConfigurationsRejectsAURL: the conversion only accepts what the chart
// renders (a Service reference); anything else means the template changed shape.
func TestChartWebhookConfigurationsRejectsAURL(t *testing.T) {
	url := "https://example.com/mutate"
	cc := admissionregistrationv1.WebhookClientConfig{URL: &url}
	if err := pointAtURL("x", &cc, "https://127.0.0.1:1", nil); err == nil {
		t.Error("a URL clientConfig was accepted")
	}
}
