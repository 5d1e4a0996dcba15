package main

import (
	"crypto/tls"
	"testing"
)

// TestTLSMinVersionFlag: --tls-min-version maps to the version it names (the chart's
// default 1.3 must not be served as 1.2; webhook TestTLSMinVersion13RefusesTLS12 proves
// the server then refuses a 1.2 client), and nothing else is accepted.
func TestTLSMinVersionFlag(t *testing.T) {
	for flag, want := range map[string]uint16{"1.2": tls.VersionTLS12, "1.3": tls.VersionTLS13} {
		if got, err := tlsVersion(flag); err != nil || got != want {
			t.Errorf("--tls-min-version=%s: %x, %v; want %x", flag, got, err, want)
		}
	}
	for _, bad := range []string{"", "1.1", "1.0", "TLS1.3", "13"} {
		if _, err := tlsVersion(bad); err == nil {
			t.Errorf("--tls-min-version=%q accepted", bad)
		}
	}
}
