package cluster

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// The webhook names the chart registers (chartrender owns them, with the chart's tests).
const (
	WebhookInject          = chartrender.WebhookInject
	WebhookDefaults        = chartrender.WebhookDefaults
	WebhookProfiles        = chartrender.WebhookProfiles
	WebhookWorkloads       = chartrender.WebhookWorkloads
	WebhookWorkloadsInject = chartrender.WebhookWorkloadsInject
)

// WebhookOptions describe one installation of the webhooks: the chart's values that
// matter here, and where the local server listens.
type WebhookOptions struct {
	// ReleaseNamespace is the namespace the chart is rendered for; it is excluded from
	// every webhook along with kube-system.
	ReleaseNamespace string
	// URL is the server's base URL (https://127.0.0.1:PORT). The chart points at its
	// Service; here the apiserver calls the local process.
	URL string
	// CABundle is the PEM CA that signed the server's certificate (cert-manager's
	// cainjector or the server's self-managed CA fill it in a cluster).
	CABundle []byte
	// FailurePolicy is the chart value webhooks.failurePolicy ("" keeps the chart's default).
	FailurePolicy admissionregistrationv1.FailurePolicyType
	// ExcludeNamespaces is the chart value webhooks.excludeNamespaces: namespaces no
	// webhook sees, e.g. those a second installation serves.
	ExcludeNamespaces []string
}

// Default fills in the release namespace the chart's tests use.
func (o *WebhookOptions) Default() {
	if o.ReleaseNamespace == "" {
		o.ReleaseNamespace = chartrender.DefaultNamespace
	}
}

// WebhookConfigurations renders the Helm chart (in-process, Helm's Go SDK) with o's
// values and returns its two webhook configurations, changed only where a local server
// differs from an in-cluster one: clientConfig is the server's URL (plus the path the
// chart routes to) with CABundle instead of the Service, and the cert-manager CA
// injection annotation is dropped. Selectors, rules, policies, timeouts and match
// conditions are exactly the chart's.
func WebhookConfigurations(o WebhookOptions) (*admissionregistrationv1.MutatingWebhookConfiguration, *admissionregistrationv1.ValidatingWebhookConfiguration, error) {
	o.Default()
	webhooks := map[string]any{}
	if o.FailurePolicy != "" {
		webhooks["failurePolicy"] = string(o.FailurePolicy)
	}
	if len(o.ExcludeNamespaces) > 0 {
		excluded := make([]any, len(o.ExcludeNamespaces))
		for i, ns := range o.ExcludeNamespaces {
			excluded[i] = ns
		}
		webhooks["excludeNamespaces"] = excluded
	}
	m, err := chartrender.Render(chartrender.Options{Namespace: o.ReleaseNamespace, Values: map[string]any{"webhooks": webhooks}})
	if err != nil {
		return nil, nil, fmt.Errorf("rendering the chart: %w", err)
	}
	return o.FromManifests(m)
}

// FromManifests is WebhookConfigurations for a chart rendered elsewhere (other values
// files, another release): its two configurations pointed at o.URL with o.CABundle.
func (o WebhookOptions) FromManifests(m *chartrender.Manifests) (*admissionregistrationv1.MutatingWebhookConfiguration, *admissionregistrationv1.ValidatingWebhookConfiguration, error) {
	mwc := &admissionregistrationv1.MutatingWebhookConfiguration{}
	vwc := &admissionregistrationv1.ValidatingWebhookConfiguration{}
	if err := decodeOnly(m, "MutatingWebhookConfiguration", mwc); err != nil {
		return nil, nil, err
	}
	if err := decodeOnly(m, "ValidatingWebhookConfiguration", vwc); err != nil {
		return nil, nil, err
	}
	mwc.Annotations, vwc.Annotations = nil, nil
	for i := range mwc.Webhooks {
		if err := o.pointAtServer(mwc.Webhooks[i].Name, &mwc.Webhooks[i].ClientConfig); err != nil {
			return nil, nil, err
		}
	}
	for i := range vwc.Webhooks {
		if err := o.pointAtServer(vwc.Webhooks[i].Name, &vwc.Webhooks[i].ClientConfig); err != nil {
			return nil, nil, err
		}
	}
	return mwc, vwc, nil
}

// decodeOnly decodes the single rendered object of kind into obj.
func decodeOnly(m *chartrender.Manifests, kind string, obj any) error {
	objs := m.OfKind(kind)
	if len(objs) != 1 {
		return fmt.Errorf("the chart renders %d %s objects, want 1", len(objs), kind)
	}
	return chartrender.DecodeStrict(objs[0], obj)
}

// pointAtServer replaces the chart's Service reference by the local server's URL.
func (o WebhookOptions) pointAtServer(name string, cc *admissionregistrationv1.WebhookClientConfig) error {
	if cc.Service == nil || cc.Service.Path == nil {
		return fmt.Errorf("webhook %s: the chart's clientConfig names no Service path", name)
	}
	url := o.URL + *cc.Service.Path
	*cc = admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: o.CABundle}
	return nil
}
