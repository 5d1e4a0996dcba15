package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"path/filepath"
	"sync/atomic"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/certwatcher"

	"github.com/podpatterns/podpatterns/certs"
)

// CertificateSource serves the TLS certificate and says when it expires (for the expiry
// metric and readiness). Two exist: the files of --cert-dir (cert-manager renews them in
// place) and the self-managed CA of package certs.
type CertificateSource interface {
	GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error)
	certs.ExpirySource
}

var _ CertificateSource = (*certs.Manager)(nil)

// fileCertificates watches tls.crt/tls.key in a directory and reloads them on change.
type fileCertificates struct {
	watcher  *certwatcher.CertWatcher
	notAfter atomic.Int64 // Unix seconds; 0 until loaded
}

var _ CertificateSource = (*fileCertificates)(nil)

// newFileCertificates loads dir/tls.crt and dir/tls.key; a missing or bad pair is an error.
func newFileCertificates(dir string) (*fileCertificates, error) {
	cw, err := certwatcher.New(filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key"))
	if err != nil {
		return nil, err
	}
	f := &fileCertificates{watcher: cw}
	cw.RegisterCallback(f.observe) // also called once for the certificate just loaded
	if c, err := cw.GetCertificate(nil); err == nil {
		f.observe(*c)
	}
	return f, nil
}

func (f *fileCertificates) observe(c tls.Certificate) {
	leaf := c.Leaf
	if leaf == nil && len(c.Certificate) > 0 {
		leaf, _ = x509.ParseCertificate(c.Certificate[0])
	}
	if leaf != nil {
		f.notAfter.Store(leaf.NotAfter.Unix())
	}
}

// GetCertificate serves the current pair.
func (f *fileCertificates) GetCertificate(h *tls.ClientHelloInfo) (*tls.Certificate, error) {
	return f.watcher.GetCertificate(h)
}

// NotAfter is the current certificate's expiry.
func (f *fileCertificates) NotAfter() time.Time {
	if s := f.notAfter.Load(); s != 0 {
		return time.Unix(s, 0)
	}
	return time.Time{}
}

// Start watches the files until ctx is done.
func (f *fileCertificates) Start(ctx context.Context) error { return f.watcher.Start(ctx) }
