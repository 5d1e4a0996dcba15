package main

import (
	"fmt"
	"os"

	"github.com/go-logr/logr"
	"github.com/spf13/pflag"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/podpatterns/podpatterns/certs"
)

// selfManagedFlags configure the self-managed CA mode (the chart's certManager.enabled=false):
// the server keeps its CA and serving certificate in one Secret, rotates them, and
// patches the caBundle of its own webhook configurations.
type selfManagedFlags struct {
	enabled          bool
	opts             certs.Options
	namespaceFromEnv string
	extraSANs        []string
}

func (f *selfManagedFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.enabled, "self-managed-certs", false, "manage the CA and serving certificate in a Secret instead of reading --cert-dir")
	fs.StringVar(&f.opts.SecretName, "cert-secret", "podpatterns-certs", "self-managed: Secret holding the CA and serving certificate")
	fs.StringVar(&f.opts.ServiceName, "webhook-service", "podpatterns", "self-managed: the webhook Service (names the certificate's DNS SANs)")
	fs.StringVar(&f.opts.MutatingWebhookConfiguration, "mutating-webhook-configuration", "", "self-managed: MutatingWebhookConfiguration whose caBundle is patched")
	fs.StringVar(&f.opts.ValidatingWebhookConfiguration, "validating-webhook-configuration", "", "self-managed: ValidatingWebhookConfiguration whose caBundle is patched")
	fs.StringVar(&f.opts.ClusterDomain, "cluster-domain", "cluster.local", "self-managed: cluster DNS domain")
	fs.DurationVar(&f.opts.CAValidity, "ca-validity", 0, "self-managed: CA lifetime (default 5 years)")
	fs.DurationVar(&f.opts.Validity, "cert-validity", 0, "self-managed: serving certificate lifetime (default 90 days)")
	fs.DurationVar(&f.opts.RenewBefore, "cert-renew-before", 0, "self-managed: renew the serving certificate this long before expiry (default a third of its lifetime)")
	fs.StringVar(&f.namespaceFromEnv, "namespace-env", "POD_NAMESPACE", "self-managed: environment variable naming the release namespace")
	fs.StringSliceVar(&f.extraSANs, "cert-extra-sans", nil, "self-managed: IP addresses and DNS names added to the serving certificate, for webhook configurations that call the server by clientConfig.url (hostNetwork, outside the cluster) instead of the Service")
	fs.DurationVar(&f.opts.PropagationDelay, "cert-propagation-delay", 0, "self-managed: how long a new CA is in the caBundle before certificates it signs are served (default 5m)")
	fs.DurationVar(&f.opts.ResyncInterval, "cert-resync-interval", 0, "self-managed: how often the Secret and the webhook configurations are re-read (default 30s); keep it well under --cert-renew-before")
}

// manager builds the certificate manager; the server runs it (Options.Background).
func (f *selfManagedFlags) manager(cfg *rest.Config, log logr.Logger) (*certs.Manager, error) {
	f.opts.Namespace = os.Getenv(f.namespaceFromEnv)
	if f.opts.Namespace == "" {
		return nil, fmt.Errorf("--self-managed-certs needs the release namespace in $%s", f.namespaceFromEnv)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	f.opts.Client, f.opts.Logger = client, log.WithName("certs")
	if f.opts.ExtraDNSNames, f.opts.ExtraIPAddresses, err = certs.ParseExtraSANs(f.extraSANs); err != nil {
		return nil, fmt.Errorf("--cert-extra-sans: %w", err)
	}
	return certs.NewManager(f.opts)
}
