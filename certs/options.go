package certs

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"
)

// Default durations. The serving certificate is short-lived because rotating it is free;
// the CA lives long because rotating it needs an overlap in every caBundle.
const (
	DefaultCAValidity       = 5 * 365 * 24 * time.Hour
	DefaultValidity         = 90 * 24 * time.Hour
	DefaultPropagationDelay = 5 * time.Minute
	DefaultResyncInterval   = 30 * time.Second
	DefaultRetryInterval    = 2 * time.Second
	DefaultClusterDomain    = "cluster.local"
)

// Options configures a Manager. Client, Namespace, SecretName and ServiceName are
// required; every other field has a default.
type Options struct {
	// Client talks to the apiserver: get/create/update of the Secret, get/update of the
	// two webhook configurations.
	Client kubernetes.Interface
	// Namespace of the Secret and the Service (the release namespace).
	Namespace string
	// SecretName is the Secret that holds the CA and the serving certificate.
	SecretName string
	// ServiceName is the webhook Service; it names the certificate's DNS SANs.
	ServiceName string
	// ClusterDomain of the cluster DNS (default cluster.local).
	ClusterDomain string
	// MutatingWebhookConfiguration and ValidatingWebhookConfiguration are the names of the
	// server's own configurations whose caBundle it patches. An empty name is skipped.
	MutatingWebhookConfiguration   string
	ValidatingWebhookConfiguration string

	// CAValidity is the lifetime of a CA (default 5 years).
	CAValidity time.Duration
	// CARenewBefore: a new CA is created when the newest one has less than this left
	// (default CAValidity/3). The old CA stays in the bundle until it expires.
	CARenewBefore time.Duration
	// Validity is the lifetime of a serving certificate (default 90 days); it never
	// outlives its CA.
	Validity time.Duration
	// RenewBefore: the serving certificate is renewed when it has less than this left
	// (default Validity/3).
	RenewBefore time.Duration
	// PropagationDelay is how long a new CA must have been in the bundle (and patched into
	// the webhook configurations) before a serving certificate signed by it is served, so
	// every apiserver trusts it first (default 5 minutes).
	PropagationDelay time.Duration
	// ResyncInterval is how often the Secret and the webhook configurations are re-read
	// (default 30 seconds); it bounds how long a replica serves a replaced certificate.
	ResyncInterval time.Duration
	// RetryInterval is the first wait after a failed sync; it doubles on every further
	// failure up to ResyncInterval (default 2 seconds).
	RetryInterval time.Duration

	// Clock is injected by tests; default the real clock.
	Clock clock.WithTicker
	// Logger receives rotations and errors; default discard.
	Logger logr.Logger
}

// Default fills in every unset optional field, in place.
func (o *Options) Default() {
	if o.ClusterDomain == "" {
		o.ClusterDomain = DefaultClusterDomain
	}
	if o.CAValidity == 0 {
		o.CAValidity = DefaultCAValidity
	}
	if o.CARenewBefore == 0 {
		o.CARenewBefore = o.CAValidity / 3
	}
	if o.Validity == 0 {
		o.Validity = DefaultValidity
	}
	if o.RenewBefore == 0 {
		o.RenewBefore = o.Validity / 3
	}
	if o.PropagationDelay == 0 {
		o.PropagationDelay = DefaultPropagationDelay
	}
	if o.ResyncInterval == 0 {
		o.ResyncInterval = DefaultResyncInterval
	}
	if o.RetryInterval == 0 {
		o.RetryInterval = DefaultRetryInterval
	}
	if o.Clock == nil {
		o.Clock = clock.RealClock{}
	}
	if o.Logger.GetSink() == nil {
		o.Logger = logr.Discard()
	}
}

// Validate checks defaulted Options. The duration rules keep rotation safe: a serving
// certificate that is due for renewal can always wait PropagationDelay for a new CA, and a
// serving certificate capped by its CA's expiry is never renewed over and over before the
// CA itself rotates.
func (o *Options) Validate() error {
	var errs []error
	for _, r := range []struct{ name, value string }{
		{"Namespace", o.Namespace}, {"SecretName", o.SecretName}, {"ServiceName", o.ServiceName},
	} {
		if r.value == "" {
			errs = append(errs, fmt.Errorf("%s is required", r.name))
		}
	}
	if o.Client == nil {
		errs = append(errs, errors.New("Client is required"))
	}
	if o.RenewBefore <= 0 || o.RenewBefore >= o.Validity {
		errs = append(errs, fmt.Errorf("RenewBefore (%s) must be positive and shorter than Validity (%s)", o.RenewBefore, o.Validity))
	}
	if o.CARenewBefore <= 0 || o.CARenewBefore >= o.CAValidity {
		errs = append(errs, fmt.Errorf("CARenewBefore (%s) must be positive and shorter than CAValidity (%s)", o.CARenewBefore, o.CAValidity))
	}
	if o.Validity > o.CAValidity {
		errs = append(errs, fmt.Errorf("Validity (%s) must not exceed CAValidity (%s)", o.Validity, o.CAValidity))
	}
	if o.CARenewBefore < o.RenewBefore+o.PropagationDelay {
		errs = append(errs, fmt.Errorf("CARenewBefore (%s) must be at least RenewBefore + PropagationDelay (%s)", o.CARenewBefore, o.RenewBefore+o.PropagationDelay))
	}
	if o.ResyncInterval <= 0 || o.RetryInterval <= 0 || o.PropagationDelay < 0 {
		errs = append(errs, errors.New("ResyncInterval and RetryInterval must be positive, PropagationDelay not negative"))
	}
	return errors.Join(errs...)
}

// dnsNames are the serving certificate's SANs: every name the apiserver or a user may
// use for the Service.
func (o *Options) dnsNames() []string {
	svc, ns := o.ServiceName, o.Namespace
	return []string{
		svc,
		svc + "." + ns,
		svc + "." + ns + ".svc",
		svc + "." + ns + ".svc." + o.ClusterDomain,
	}
}
