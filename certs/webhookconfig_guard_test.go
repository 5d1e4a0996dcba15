package certs

import (
	"errors"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestOnlyCABundleChanged: a write that changes anything but caBundle is refused, for
// both configuration kinds.
func TestOnlyCABundleChanged(t *testing.T) {
	ignore, url := admissionregistrationv1.Ignore, "https://attacker.example.com/mutate"
	base := func() *admissionregistrationv1.MutatingWebhookConfiguration {
		return &admissionregistrationv1.MutatingWebhookConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: "podpatterns", ResourceVersion: "7"},
			Webhooks: []admissionregistrationv1.MutatingWebhook{{Name: "inject.podpatterns.io",
				ClientConfig: admissionregistrationv1.WebhookClientConfig{CABundle: []byte("old"),
					Service: &admissionregistrationv1.ServiceReference{Namespace: "ns", Name: "podpatterns"}}}},
		}
	}
	for name, tc := range map[string]struct {
		edit func(*admissionregistrationv1.MutatingWebhookConfiguration)
		ok   bool
	}{
		"caBundle only": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) {
			c.Webhooks[0].ClientConfig.CABundle = []byte("new")
		}, true},
		"failurePolicy": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) { c.Webhooks[0].FailurePolicy = &ignore }, false},
		"url":           {func(c *admissionregistrationv1.MutatingWebhookConfiguration) { c.Webhooks[0].ClientConfig.URL = &url }, false},
		"service": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) {
			c.Webhooks[0].ClientConfig.Service.Name = "x"
		}, false},
		"selector": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) {
			c.Webhooks[0].NamespaceSelector = &metav1.LabelSelector{}
		}, false},
		"webhook added": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) {
			c.Webhooks = append(c.Webhooks, c.Webhooks[0])
		}, false},
		"label": {func(c *admissionregistrationv1.MutatingWebhookConfiguration) { c.Labels = map[string]string{"a": "b"} }, false},
	} {
		t.Run(name, func(t *testing.T) {
			after := base()
			tc.edit(after)
			err := onlyCABundleChanged(base(), after)
			if tc.ok != (err == nil) || (err != nil && !errors.Is(err, errBeyondCABundle)) {
				t.Errorf("onlyCABundleChanged = %v, want ok=%v", err, tc.ok)
			}
		})
	}
	v := &admissionregistrationv1.ValidatingWebhookConfiguration{Webhooks: []admissionregistrationv1.ValidatingWebhook{{Name: "p"}}}
	after := v.DeepCopy()
	after.Webhooks[0].FailurePolicy = &ignore
	if onlyCABundleChanged(v, after) == nil {
		t.Error("a validating configuration's failurePolicy change was accepted")
	}
}
