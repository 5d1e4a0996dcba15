package certs

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	clocktesting "k8s.io/utils/clock/testing"
)

func TestParseExtraSANs(t *testing.T) {
	tests := []struct {
		in       []string
		wantDNS  []string
		wantIPs  []string
		wantErr  string
		testName string
	}{
		{testName: "none"},
		{testName: "IPv4, IPv6 and a name", in: []string{"127.0.0.1", " ::1", "webhook.example.com"},
			wantDNS: []string{"webhook.example.com"}, wantIPs: []string{"127.0.0.1", "::1"}},
		{testName: "not a DNS name", in: []string{"Web_Hook"}, wantErr: `extra SAN "Web_Hook"`},
		{testName: "URL instead of a host", in: []string{"https://10.0.0.1:9443"}, wantErr: "neither an IP address nor a DNS name"},
	}
	for _, tt := range tests {
		t.Run(tt.testName, func(t *testing.T) {
			dns, ips, err := ParseExtraSANs(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(dns, tt.wantDNS) {
				t.Errorf("DNS names = %v, want %v", dns, tt.wantDNS)
			}
			var gotIPs []string
			for _, ip := range ips {
				gotIPs = append(gotIPs, ip.String())
			}
			if !slices.Equal(gotIPs, tt.wantIPs) {
				t.Errorf("IPs = %v, want %v", gotIPs, tt.wantIPs)
			}
		})
	}
}

func TestOptionsValidateExtraSANs(t *testing.T) {
	o := shortOptions()
	o.ExtraDNSNames = []string{"ok.example.com", "Not OK"}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), `ExtraDNSNames: "Not OK"`) {
		t.Errorf("Validate = %v, want the bad extra DNS name named", err)
	}
	o = shortOptions()
	o.ExtraIPAddresses = []net.IP{{1, 2, 3}}
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "ExtraIPAddresses[0]") {
		t.Errorf("Validate = %v, want the bad extra IP named", err)
	}
}

// TestExtraSANs: with extra SANs the certificate verifies for the Service names and for
// the extra IP and name (what a URL-based webhook configuration needs), and a Secret
// written without them gets a new serving certificate at once, from the same CA.
func TestExtraSANs(t *testing.T) {
	api := newFakeAPI(t)
	clk := clocktesting.NewFakeClock(t0)
	plain := newTestManager(t, api, clk)
	mustSync(t, plain)
	before, _ := plain.GetCertificate(nil)

	opts := shortOptions()
	opts.Client, opts.Clock = api, clk
	opts.ExtraDNSNames = []string{"podpatterns.example.com"}
	opts.ExtraIPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	m, err := NewManager(opts)
	if err != nil {
		t.Fatal(err)
	}
	clk.Step(time.Minute)
	mustSync(t, m)
	cert, _ := m.GetCertificate(nil)
	if cert.Leaf.SerialNumber.Cmp(before.Leaf.SerialNumber) == 0 {
		t.Fatal("adding extra SANs did not re-issue the serving certificate")
	}
	if n := len(parseCerts(api.secret(t).Data[KeyCABundle])); n != 1 {
		t.Errorf("bundle has %d CAs, want the same single CA", n)
	}
	if cert.Leaf.Subject.CommonName != "podpatterns.podpatterns-system.svc.cluster.local" {
		t.Errorf("common name = %q, want the Service's FQDN", cert.Leaf.Subject.CommonName)
	}
	addr := serveTLS(t, m)
	for _, name := range []string{"127.0.0.1", "podpatterns.example.com", "podpatterns.podpatterns-system.svc"} {
		if err := dialAs(addr, api.caBundles(t)[0], name, clk.Now()); err != nil {
			t.Errorf("handshake as %s: %v", name, err)
		}
	}
	if err := dialAs(addr, api.caBundles(t)[0], "10.0.0.1", clk.Now()); err == nil {
		t.Error("the certificate is valid for an address it was not issued for")
	}
	mustSync(t, m)
	if _, updates := api.counts("secrets"); updates != 1 {
		t.Errorf("secret updated %d times, want 1 (the SAN change only)", updates)
	}
}

// dialAs completes a TLS handshake verifying serverName against bundle at time now.
func dialAs(addr string, bundle []byte, serverName string, now time.Time) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, &tls.Config{
		RootCAs: pool, ServerName: serverName, MinVersion: tls.VersionTLS12,
		Time: func() time.Time { return now },
	})
	if err != nil {
		return err
	}
	return conn.Close()
}
