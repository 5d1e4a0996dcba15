package webhook

import (
	"crypto/tls"
	"fmt"
	"slices"
	"strings"
)

// DefaultCipherSuites are the TLS 1.2 suites served by default: ECDHE key exchange with an
// AEAD cipher only (no CBC, no SHA-1 MAC, no RSA key exchange). TLS 1.3 suites are all
// AEAD and not configurable in Go.
var DefaultCipherSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// ParseCipherSuites maps Go's suite names (tls.CipherSuiteName) to IDs. Only suites Go
// does not list as insecure are accepted; an empty list means DefaultCipherSuites.
func ParseCipherSuites(names []string) ([]uint16, error) {
	if len(names) == 0 {
		return DefaultCipherSuites, nil
	}
	var out []uint16
	for _, name := range names {
		i := slices.IndexFunc(tls.CipherSuites(), func(s *tls.CipherSuite) bool { return s.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("TLS cipher suite %q is unknown or insecure; secure suites: %s", name, secureSuiteNames())
		}
		out = append(out, tls.CipherSuites()[i].ID)
	}
	return out, nil
}

func secureSuiteNames() string {
	var names []string
	for _, s := range tls.CipherSuites() {
		if slices.Contains(s.SupportedVersions, tls.VersionTLS12) {
			names = append(names, s.Name)
		}
	}
	return strings.Join(names, ",")
}
