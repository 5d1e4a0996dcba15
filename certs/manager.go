package certs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ErrNotReady is returned by GetCertificate before the first certificate is loaded.
var ErrNotReady = errors.New("certs: serving certificate not loaded yet")

// Manager keeps the shared Secret, the webhook configurations' caBundle and the served
// certificate in step. Create it with NewManager, run Start, and give GetCertificate to
// the TLS server.
type Manager struct {
	opts Options

	// serving is the certificate handed to TLS handshakes; swapped atomically on reload.
	serving atomic.Pointer[servingCert]

	mu sync.Mutex
	// installedBundle is the caBundle this replica last patched into every webhook
	// configuration successfully.
	installedBundle []*x509.Certificate
}

// servingCert is a loaded serving certificate and the bundle it was published with.
type servingCert struct {
	tls      *tls.Certificate
	notAfter time.Time
	pem      []byte
	bundle   []byte
}

// NewManager defaults and validates opts.
func NewManager(opts Options) (*Manager, error) {
	opts.Default()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return &Manager{opts: opts}, nil
}

// Start syncs until ctx is done: at once, then every ResyncInterval. After a failed sync
// it retries sooner, starting at RetryInterval and doubling up to ResyncInterval, so the
// caBundle lands quickly when Helm creates the webhook configurations after the
// Deployment. Errors are logged, never fatal: a replica that starts while the apiserver
// is unreachable recovers by itself, and Ready tells the readiness probe. It returns nil
// when ctx is cancelled.
func (m *Manager) Start(ctx context.Context) error {
	retry := m.opts.RetryInterval
	for {
		wait := m.opts.ResyncInterval
		if err := m.Sync(ctx); err != nil && ctx.Err() == nil {
			m.opts.Logger.Error(err, "syncing the serving certificate", "secret", m.opts.Namespace+"/"+m.opts.SecretName, "retryIn", retry)
			wait, retry = retry, min(2*retry, m.opts.ResyncInterval)
		} else {
			retry = m.opts.RetryInterval
		}
		select {
		case <-ctx.Done():
			return nil
		case <-m.opts.Clock.After(wait):
		}
	}
}

// Sync runs one round: bring the Secret up to date (creating it or rotating what is due),
// load its serving certificate, and patch its CA bundle into the webhook configurations.
// Start calls it periodically; tests and callers that want the first certificate before
// serving may call it directly.
func (m *Manager) Sync(ctx context.Context) error {
	mat, err := m.syncSecret(ctx)
	if err != nil {
		return err
	}
	if err := m.load(mat); err != nil {
		return err
	}
	return m.installBundle(ctx, mat.CAs)
}

// GetCertificate is a tls.Config.GetCertificate: it returns the current serving
// certificate, so a rotation takes effect on the next handshake without a restart.
func (m *Manager) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	s := m.serving.Load()
	if s == nil {
		return nil, ErrNotReady
	}
	return s.tls, nil
}

// Ready reports whether a serving certificate is loaded (for /readyz).
func (m *Manager) Ready() bool { return m.serving.Load() != nil }

// NotAfter is the expiry of the served certificate (zero before the first load); the
// expiry metric reads it.
func (m *Manager) NotAfter() time.Time {
	if s := m.serving.Load(); s != nil {
		return s.notAfter
	}
	return time.Time{}
}

// CABundle is the PEM bundle published with the served certificate (nil before the first
// load): what the webhook configurations' caBundle should hold.
func (m *Manager) CABundle() []byte {
	if s := m.serving.Load(); s != nil {
		return s.bundle
	}
	return nil
}

// load swaps in the Secret's serving certificate when it differs from the served one.
func (m *Manager) load(mat material) error {
	if mat.Serving == nil {
		return errors.New("certs: the Secret has no usable serving certificate")
	}
	bundle := encodeBundle(mat.CAs)
	if cur := m.serving.Load(); cur != nil && string(cur.pem) == string(mat.Serving.CertPEM) && string(cur.bundle) == string(bundle) {
		return nil
	}
	pair, err := tls.X509KeyPair(mat.Serving.CertPEM, mat.Serving.KeyPEM)
	if err != nil {
		return err
	}
	pair.Leaf = mat.Serving.Cert
	m.serving.Store(&servingCert{tls: &pair, notAfter: mat.Serving.Cert.NotAfter, pem: mat.Serving.CertPEM, bundle: bundle})
	m.opts.Logger.Info("serving certificate loaded", "serial", mat.Serving.Cert.SerialNumber.Text(16), "notAfter", mat.Serving.Cert.NotAfter, "cas", len(mat.CAs))
	return nil
}

// installed reports whether ca was part of the bundle last patched into every webhook
// configuration by this replica.
func (m *Manager) installed(ca *x509.Certificate) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.installedBundle {
		if c.Equal(ca) {
			return true
		}
	}
	return false
}

func (m *Manager) setInstalled(cas []*x509.Certificate) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.installedBundle = cas
}
