package certs

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// maxSecretAttempts bounds the read-plan-write loop of one sync. Every lost race means
// another replica wrote a Secret that needs nothing more, so two attempts settle it; the
// rest is margin.
const maxSecretAttempts = 5

// LabelManagedBy marks the Secret as written by this package, for `kubectl get -l`.
const LabelManagedBy = "app.kubernetes.io/managed-by"

// managedByValue is the LabelManagedBy value.
const managedByValue = "podpatterns-certs"

// syncSecret reads the Secret, writes it if anything is due, and returns its final
// content. A Create that loses (AlreadyExists) or an Update that loses (Conflict, because
// it carries the resourceVersion it was planned from) starts over from a fresh read.
func (m *Manager) syncSecret(ctx context.Context) (material, error) {
	secrets := m.opts.Client.CoreV1().Secrets(m.opts.Namespace)
	for range maxSecretAttempts {
		secret, err := secrets.Get(ctx, m.opts.SecretName, metav1.GetOptions{})
		exists := err == nil
		if err != nil && !apierrors.IsNotFound(err) {
			return material{}, fmt.Errorf("reading secret %s/%s: %w", m.opts.Namespace, m.opts.SecretName, err)
		}
		var cur material
		if exists {
			cur = parseMaterial(secret.Data)
		}
		p := planner{now: m.opts.Clock.Now(), opts: &m.opts, installed: m.installed}
		next, reasons, err := p.plan(cur)
		if err != nil {
			return material{}, err
		}
		if len(reasons) == 0 {
			return cur, nil
		}
		if exists {
			updated := secret.DeepCopy()
			updated.Data = next.data()
			_, err = secrets.Update(ctx, updated, metav1.UpdateOptions{})
		} else {
			_, err = secrets.Create(ctx, m.newSecret(next), metav1.CreateOptions{})
		}
		switch {
		case err == nil:
			m.opts.Logger.Info("certificate secret updated", "secret", m.opts.SecretName, "reasons", reasons)
			return next, nil
		case apierrors.IsAlreadyExists(err) || apierrors.IsConflict(err):
			m.opts.Logger.V(1).Info("another replica wrote the certificate secret first, re-reading", "secret", m.opts.SecretName)
			continue
		default:
			return material{}, fmt.Errorf("writing secret %s/%s: %w", m.opts.Namespace, m.opts.SecretName, err)
		}
	}
	return material{}, fmt.Errorf("secret %s/%s kept changing under us after %d attempts", m.opts.Namespace, m.opts.SecretName, maxSecretAttempts)
}

// newSecret is the Secret the first replica creates.
func (m *Manager) newSecret(mat material) *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name:      m.opts.SecretName,
			Namespace: m.opts.Namespace,
			Labels:    map[string]string{LabelManagedBy: managedByValue},
		},
		Type: corev1.SecretTypeTLS,
		Data: mat.data(),
	}
}
