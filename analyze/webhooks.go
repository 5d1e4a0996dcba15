package analyze

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// WebhookConfig is what the analysis needs of one webhook configuration: its kind and
// name, and each webhook's name and CA bundle (nil when the configuration is missing).
type WebhookConfig struct {
	Kind, Name string
	Webhooks   map[string]admissionregistrationv1.WebhookClientConfig
}

// Webhooks checks that each configuration the chart installs exists and that every one
// of its webhooks has a CA bundle (an empty one means cert-manager's cainjector, or the
// self-managed certificates, never filled it: every call fails TLS).
func Webhooks(configs []WebhookConfig) []Finding {
	var out []Finding
	for _, c := range configs {
		obj := c.Kind + "/" + c.Name
		if c.Webhooks == nil {
			out = append(out, Finding{SeverityError, CodeWebhookMissing, obj,
				"not found: the chart is not installed, or under another name (--mutating-webhook-configuration, --validating-webhook-configuration)"})
			continue
		}
		for name, cc := range c.Webhooks {
			if len(cc.CABundle) == 0 && cc.URL == nil {
				out = append(out, Finding{SeverityError, CodeWebhookNoCABundle, obj,
					fmt.Sprintf("webhook %s has no caBundle: is cert-manager's cainjector running (or, self-managed, the server's caBundle patch allowed)?", name)})
			}
		}
	}
	return out
}
