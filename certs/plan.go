package certs

import (
	"crypto/x509"
	"slices"
	"time"
)

// Reason says why the Secret changed; it is logged and kept to a fixed set of values.
type Reason string

// The reasons for a change.
const (
	// ReasonCAMissing: no usable CA with its key (first start, or the Secret was damaged).
	ReasonCAMissing Reason = "ca-missing"
	// ReasonCAExpiring: the newest CA has less than CARenewBefore left; a new CA joins the
	// bundle next to it.
	ReasonCAExpiring Reason = "ca-expiring"
	// ReasonCAExpired: an old CA expired and left the bundle, ending the overlap.
	ReasonCAExpired Reason = "ca-expired"
	// ReasonServingMissing: no serving certificate that is valid now and signed by a CA
	// of the bundle.
	ReasonServingMissing Reason = "serving-missing"
	// ReasonServingNames: the certificate's DNS names are not the Service's (renamed).
	ReasonServingNames Reason = "serving-names-changed"
	// ReasonServingExpiring: the serving certificate has less than RenewBefore left.
	ReasonServingExpiring Reason = "serving-expiring"
	// ReasonServingOldCA: the serving certificate is signed by an older CA and the newest
	// one has propagated.
	ReasonServingOldCA Reason = "serving-signed-by-old-ca"
)

// planner decides the next Secret content from the current one. It is pure apart from key
// generation, so every rotation rule is a table test.
type planner struct {
	now  time.Time
	opts *Options
	// installed reports whether this replica has patched a bundle containing ca into
	// every webhook configuration.
	installed func(ca *x509.Certificate) bool
}

// plan returns the next material and why it differs; no reasons means no change.
func (p planner) plan(cur material) (material, []Reason, error) {
	next := cur
	var reasons []Reason

	next.CAs = slices.DeleteFunc(slices.Clone(cur.CAs), func(ca *x509.Certificate) bool { return !p.now.Before(ca.NotAfter) })
	if len(next.CAs) < len(cur.CAs) {
		reasons = append(reasons, ReasonCAExpired)
	}
	if reason := p.caReason(next.CA); reason != "" {
		ca, err := newCA(p.now, p.opts.CAValidity)
		if err != nil {
			return cur, nil, err
		}
		next.CA = ca
		next.CAs = append([]*x509.Certificate{ca.Cert}, next.CAs...)
		reasons = append(reasons, reason)
	}
	if reason := p.servingReason(next); reason != "" {
		serving, err := newServing(next.CA, p.opts.dnsNames(), p.now, p.opts.Validity)
		if err != nil {
			return cur, nil, err
		}
		next.Serving = serving
		reasons = append(reasons, reason)
	}
	return next, reasons, nil
}

// caReason says why a new CA is needed, or "".
func (p planner) caReason(ca *keyPair) Reason {
	switch {
	case ca == nil || !p.now.Before(ca.Cert.NotAfter):
		return ReasonCAMissing
	case ca.Cert.NotAfter.Sub(p.now) < p.opts.CARenewBefore:
		return ReasonCAExpiring
	}
	return ""
}

// servingReason says why a new serving certificate is needed, or "". A certificate that
// still works is only replaced by one from the newest CA once that CA has propagated.
func (p planner) servingReason(m material) Reason {
	s := m.Serving
	if !p.usable(s, m.CAs) {
		return ReasonServingMissing
	}
	if !slices.Equal(s.Cert.DNSNames, p.opts.dnsNames()) {
		return ReasonServingNames
	}
	if !p.propagated(m.CA.Cert) {
		return ""
	}
	if s.Cert.NotAfter.Sub(p.now) < p.opts.RenewBefore {
		return ReasonServingExpiring
	}
	if s.Cert.CheckSignatureFrom(m.CA.Cert) != nil {
		return ReasonServingOldCA
	}
	return ""
}

// usable: present, valid now and signed by a CA of the bundle.
func (p planner) usable(s *keyPair, cas []*x509.Certificate) bool {
	if s == nil || p.now.Before(s.Cert.NotBefore) || !p.now.Before(s.Cert.NotAfter) {
		return false
	}
	return slices.ContainsFunc(cas, func(ca *x509.Certificate) bool { return s.Cert.CheckSignatureFrom(ca) == nil })
}

// propagated: the CA has been in the bundle for PropagationDelay (its NotBefore is
// backdated by clockSkew) and this replica has installed it into the webhook configurations.
func (p planner) propagated(ca *x509.Certificate) bool {
	since := ca.NotBefore.Add(clockSkew + p.opts.PropagationDelay)
	return !p.now.Before(since) && p.installed(ca)
}
