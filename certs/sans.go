package certs

import (
	"crypto/x509"
	"fmt"
	"net"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// servingIdentity is what a serving certificate is issued for: its subject's common name
// (the Service's fully qualified name, for humans) and the SANs that TLS clients verify.
type servingIdentity struct {
	CommonName  string
	DNSNames    []string
	IPAddresses []net.IP
}

// identity is the serving certificate's identity: every name the apiserver or a user may
// use for the Service, then the extra names and addresses of URL-based installations.
func (o *Options) identity() servingIdentity {
	svc, ns := o.ServiceName, o.Namespace
	names := []string{
		svc,
		svc + "." + ns,
		svc + "." + ns + ".svc",
		svc + "." + ns + ".svc." + o.ClusterDomain,
	}
	for _, n := range o.ExtraDNSNames {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return servingIdentity{CommonName: names[3], DNSNames: names, IPAddresses: o.ExtraIPAddresses}
}

// matches reports whether cert carries exactly these SANs, in order: a certificate
// issued before the Service was renamed or an extra SAN was added is re-issued at once.
func (s servingIdentity) matches(cert *x509.Certificate) bool {
	return slices.Equal(cert.DNSNames, s.DNSNames) &&
		slices.EqualFunc(cert.IPAddresses, s.IPAddresses, func(a, b net.IP) bool { return a.Equal(b) })
}

// ParseExtraSANs splits `--cert-extra-sans` values into DNS names and IP addresses: a
// value that parses as an IP address is one, anything else must be a DNS name.
func ParseExtraSANs(values []string) (dnsNames []string, ips []net.IP, err error) {
	for _, v := range values {
		v = strings.TrimSpace(v)
		if ip := net.ParseIP(v); ip != nil {
			ips = append(ips, ip)
			continue
		}
		if errs := validation.IsDNS1123Subdomain(v); len(errs) > 0 {
			return nil, nil, fmt.Errorf("extra SAN %q is neither an IP address nor a DNS name: %s", v, strings.Join(errs, "; "))
		}
		dnsNames = append(dnsNames, v)
	}
	return dnsNames, ips, nil
}

// validateExtraSANs checks the extra SANs set directly on Options (ParseExtraSANs
// already checks flag values).
func (o *Options) validateExtraSANs() error {
	for _, n := range o.ExtraDNSNames {
		if errs := validation.IsDNS1123Subdomain(n); len(errs) > 0 {
			return fmt.Errorf("ExtraDNSNames: %q: %s", n, strings.Join(errs, "; "))
		}
	}
	for i, ip := range o.ExtraIPAddresses {
		if ip.To16() == nil {
			return fmt.Errorf("ExtraIPAddresses[%d] is not an IP address", i)
		}
	}
	return nil
}
