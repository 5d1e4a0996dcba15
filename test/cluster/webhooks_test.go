package cluster

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// TestWebhookConfigurationsFromChart: the chart's configurations come back pointed at
// the local server (its URL plus the chart's path, our CA), with the failure policy
// value applied and nothing else of the chart's routing lost. The chart's own tests
// (test/chartrender) check selectors and policies.
func TestWebhookConfigurationsFromChart(t *testing.T) {
	o := WebhookOptions{URL: "https://127.0.0.1:9443", CABundle: []byte("ca"), FailurePolicy: admissionregistrationv1.Ignore}
	mwc, vwc, err := WebhookConfigurations(o)
	if err != nil {
		t.Fatal(err)
	}
	if mwc.Annotations != nil || vwc.Annotations != nil {
		t.Errorf("cert-manager annotations kept: %v %v", mwc.Annotations, vwc.Annotations)
	}
	want := map[string]string{
		WebhookInject:          "https://127.0.0.1:9443/mutate",
		WebhookDefaults:        "https://127.0.0.1:9443/mutate",
		WebhookProfiles:        "https://127.0.0.1:9443/validate",
		WebhookWorkloads:       "https://127.0.0.1:9443/validate-workloads",
		WebhookWorkloadsInject: "https://127.0.0.1:9443/validate-workloads",
	}
	got := map[string]string{}
	check := func(name string, cc admissionregistrationv1.WebhookClientConfig, fp *admissionregistrationv1.FailurePolicyType) {
		if cc.Service != nil || cc.URL == nil || string(cc.CABundle) != "ca" {
			t.Errorf("%s: clientConfig %+v, want our URL and CA only", name, cc)
			return
		}
		if fp == nil || *fp != admissionregistrationv1.Ignore {
			t.Errorf("%s: failurePolicy %v, want the value Ignore", name, fp)
		}
		got[name] = *cc.URL
	}
	for _, w := range mwc.Webhooks {
		check(w.Name, w.ClientConfig, w.FailurePolicy)
	}
	for _, w := range vwc.Webhooks {
		check(w.Name, w.ClientConfig, w.FailurePolicy)
	}
	if len(got) != len(want) {
		t.Fatalf("webhooks %v, want %v", got, want)
	}
	for name, url := range want {
		if got[name] != url {
			t.Errorf("%s: url %q, want %q", name, got[name], url)
		}
	}
}
