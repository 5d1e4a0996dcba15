package main

import (
	"context"
	"errors"
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
}

// start builds and starts the certificate manager; it runs until ctx is done.
func (f *selfManagedFlags) start(ctx context.Context, cfg *rest.Config, log logr.Logger) (*certs.Manager, error) {
	f.opts.Namespace = os.Getenv(f.namespaceFromEnv)
	if f.opts.Namespace == "" {
		return nil, fmt.Errorf("--self-managed-certs needs the release namespace in $%s", f.namespaceFromEnv)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	f.opts.Client, f.opts.Logger = client, log.WithName("certs")
	mgr, err := certs.NewManager(f.opts)
	if err != nil {
		return nil, err
	}
	go func() {
		if err := mgr.Start(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error(err, "certificate manager stopped")
		}
	}()
	return mgr, nil
}
