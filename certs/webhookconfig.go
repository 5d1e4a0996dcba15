package certs

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// maxWebhookAttempts bounds the read-modify-write of one webhook configuration; a
// Conflict means Helm or another replica changed it in between.
const maxWebhookAttempts = 3

// webhookConfigKind names the two kinds in errors and logs.
const (
	kindMutating   = "MutatingWebhookConfiguration"
	kindValidating = "ValidatingWebhookConfiguration"
)

// installBundle writes the bundle into the caBundle of every webhook of both
// configurations (only where it differs, so steady state costs two GETs) and remembers it
// as installed when both succeeded. A configuration that does not exist yet (Helm creates
// webhook configurations after the Deployment) is an error that the next sync retries.
func (m *Manager) installBundle(ctx context.Context, cas []*x509.Certificate) error {
	bundle := encodeBundle(cas)
	var errs []error
	if name := m.opts.MutatingWebhookConfiguration; name != "" {
		errs = append(errs, m.retryOnConflict(kindMutating, name, func() error { return m.patchMutating(ctx, name, bundle) }))
	}
	if name := m.opts.ValidatingWebhookConfiguration; name != "" {
		errs = append(errs, m.retryOnConflict(kindValidating, name, func() error { return m.patchValidating(ctx, name, bundle) }))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	m.setInstalled(cas)
	return nil
}

// retryOnConflict runs update until it does not conflict, at most maxWebhookAttempts times.
func (m *Manager) retryOnConflict(kind, name string, update func() error) error {
	var err error
	for range maxWebhookAttempts {
		if err = update(); !apierrors.IsConflict(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("patching caBundle of %s %s: %w", kind, name, err)
	}
	return nil
}

func (m *Manager) patchMutating(ctx context.Context, name string, bundle []byte) error {
	api := m.opts.Client.AdmissionregistrationV1().MutatingWebhookConfigurations()
	return patchConfiguration(ctx, m, kindMutating, name, bundle, api.Get, api.Update)
}

func (m *Manager) patchValidating(ctx context.Context, name string, bundle []byte) error {
	api := m.opts.Client.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	return patchConfiguration(ctx, m, kindValidating, name, bundle, api.Get, api.Update)
}

// clientConfigsOf returns the clientConfig of every webhook of a configuration.
func clientConfigsOf(cfg any) []*admissionregistrationv1.WebhookClientConfig {
	var out []*admissionregistrationv1.WebhookClientConfig
	switch c := cfg.(type) {
	case *admissionregistrationv1.MutatingWebhookConfiguration:
		for i := range c.Webhooks {
			out = append(out, &c.Webhooks[i].ClientConfig)
		}
	case *admissionregistrationv1.ValidatingWebhookConfiguration:
		for i := range c.Webhooks {
			out = append(out, &c.Webhooks[i].ClientConfig)
		}
	}
	return out
}

// patchConfiguration sets bundle into every webhook's clientConfig of one configuration
// (mutating or validating: the two types share no interface) and updates it if changed.
func patchConfiguration[T runtime.Object](ctx context.Context, m *Manager, kind, name string, bundle []byte,
	get func(context.Context, string, metav1.GetOptions) (T, error),
	update func(context.Context, T, metav1.UpdateOptions) (T, error)) error {
	cfg, err := get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	before := cfg.DeepCopyObject()
	ccs := clientConfigsOf(cfg)
	changed := false
	for _, cc := range ccs {
		changed = setCABundle(cc, bundle) || changed
	}
	if !changed {
		return nil
	}
	if err := onlyCABundleChanged(before, cfg); err != nil {
		return fmt.Errorf("refusing to update %s %s: %w", kind, name, err)
	}
	if _, err := update(ctx, cfg, metav1.UpdateOptions{}); err != nil {
		return err
	}
	m.opts.Logger.Info("caBundle patched", "kind", kind, "name", name, "webhooks", len(ccs))
	return nil
}

// setCABundle sets the bundle and reports whether it changed.
func setCABundle(cc *admissionregistrationv1.WebhookClientConfig, bundle []byte) bool {
	if bytes.Equal(cc.CABundle, bundle) {
		return false
	}
	cc.CABundle = bytes.Clone(bundle)
	return true
}
