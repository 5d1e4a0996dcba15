package cluster

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// Kinds of the chart's webhook configurations.
const (
	KindMutatingWebhookConfiguration   = "MutatingWebhookConfiguration"
	KindValidatingWebhookConfiguration = "ValidatingWebhookConfiguration"
)

// ChartWebhooks renders charts/podpatterns with the values o stands for (the release's
// full name, failurePolicy, timeoutSeconds, excludeNamespaces) in o's release namespace,
// and returns its two webhook configurations pointed at o.URL and trusting o.CABundle.
// TestGoWebhooksMatchTheChart proves that MutatingWebhookConfiguration and
// ValidatingWebhookConfiguration, which the suite installs, are exactly these.
func ChartWebhooks(o WebhookOptions) (*admissionregistrationv1.MutatingWebhookConfiguration, *admissionregistrationv1.ValidatingWebhookConfiguration, error) {
	o.Default()
	m, err := chartrender.Render(chartrender.Options{Namespace: o.ReleaseNamespace, Values: o.chartValues()})
	if err != nil {
		return nil, nil, err
	}
	return ChartWebhookConfigurations(m, o.URL, o.CABundle)
}

// chartValues are the chart values that correspond to o.
func (o WebhookOptions) chartValues() map[string]any {
	excluded := make([]any, len(o.ExcludeNamespaces))
	for i, ns := range o.ExcludeNamespaces {
		excluded[i] = ns
	}
	return map[string]any{
		"fullnameOverride": o.ConfigurationName,
		"webhooks": map[string]any{
			"failurePolicy":     string(o.FailurePolicy),
			"timeoutSeconds":    int64(o.TimeoutSeconds),
			"excludeNamespaces": excluded,
		},
	}
}

// ChartWebhookConfigurations decodes the rendered chart's two webhook configurations and
// points every webhook at baseURL + the path of the Service it names, trusting caBundle:
// the chart's configurations for a server the apiserver reaches by URL (the e2e server on
// 127.0.0.1) instead of through the Service. Nothing else is changed.
func ChartWebhookConfigurations(m *chartrender.Manifests, baseURL string, caBundle []byte) (*admissionregistrationv1.MutatingWebhookConfiguration, *admissionregistrationv1.ValidatingWebhookConfiguration, error) {
	mwc := &admissionregistrationv1.MutatingWebhookConfiguration{}
	if err := decodeOnly(m, KindMutatingWebhookConfiguration, mwc); err != nil {
		return nil, nil, err
	}
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := decodeOnly(m, KindValidatingWebhookConfiguration, vwc); err != nil {
		return nil, nil, err
	}
	for i := range mwc.Webhooks {
		if err := pointAtURL(mwc.Webhooks[i].Name, &mwc.Webhooks[i].ClientConfig, baseURL, caBundle); err != nil {
			return nil, nil, err
		}
	}
	for i := range vwc.Webhooks {
		if err := pointAtURL(vwc.Webhooks[i].Name, &vwc.Webhooks[i].ClientConfig, baseURL, caBundle); err != nil {
			return nil, nil, err
		}
	}
	return mwc, vwc, nil
}

// decodeOnly decodes the single rendered object of kind, strictly.
func decodeOnly(m *chartrender.Manifests, kind string, into any) error {
	objs := m.OfKind(kind)
	if len(objs) != 1 {
		return fmt.Errorf("the chart rendered %d %s objects, want 1", len(objs), kind)
	}
	return chartrender.DecodeStrict(objs[0], into)
}

// pointAtURL replaces a Service clientConfig by baseURL + the Service's path.
func pointAtURL(webhook string, cc *admissionregistrationv1.WebhookClientConfig, baseURL string, caBundle []byte) error {
	if cc.Service == nil || cc.Service.Path == nil || cc.URL != nil {
		return fmt.Errorf("webhook %s: the chart's clientConfig should name a Service and a path, got %+v", webhook, cc)
	}
	url := baseURL + *cc.Service.Path
	*cc = admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: caBundle}
	return nil
}
