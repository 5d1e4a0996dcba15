package analyze

import "testing"

func readyCluster() Cluster {
	return Cluster{Version: "v1.37.2", CAInjectors: 1, APIs: map[string]bool{
		"admissionregistration.k8s.io/v1/mutatingwebhookconfigurations": true, "admissionregistration.k8s.io/v1/validatingwebhookconfigurations": true,
		"policy/v1/poddisruptionbudgets": true, "networking.k8s.io/v1/networkpolicies": true,
		"cert-manager.io/v1/certificates": true, "cert-manager.io/v1/issuers": true, "monitoring.coreos.com/v1/servicemonitors": true,
	}}
}

// TestPrecheck: a ready cluster has no finding; each missing piece is its own finding
// with its own code; cert-manager is not required in self-managed mode.
func TestPrecheck(t *testing.T) {
	if fs := Precheck(readyCluster(), true); len(fs) != 0 {
		t.Fatalf("ready cluster: %+v", fs)
	}
	for name, tc := range map[string]struct {
		breakIt     func(*Cluster)
		certManager bool
		want        Code
		sev         Severity
	}{
		"old":           {func(c *Cluster) { c.Version = "v1.29.9" }, true, CodeKubernetesTooOld, SeverityError},
		"no cm":         {func(c *Cluster) { delete(c.APIs, "cert-manager.io/v1/certificates") }, true, CodeCertManagerMissing, SeverityError},
		"no cainjector": {func(c *Cluster) { c.CAInjectors = 0 }, true, CodeCAInjectorMissing, SeverityError},
		"no rbac": {func(c *Cluster) {
			c.Denied = []string{"create admissionregistration.k8s.io/mutatingwebhookconfigurations"}
		}, true, CodePermissionMissing, SeverityError},
		"no pdb api":    {func(c *Cluster) { delete(c.APIs, "policy/v1/poddisruptionbudgets") }, false, CodeAPIMissing, SeverityError},
		"no monitoring": {func(c *Cluster) { delete(c.APIs, "monitoring.coreos.com/v1/servicemonitors") }, false, CodeMonitoringAPIAbsent, SeverityWarning},
	} {
		c := readyCluster()
		tc.breakIt(&c)
		fs := Precheck(c, tc.certManager)
		if len(fs) != 1 || fs[0].Code != tc.want || fs[0].Severity != tc.sev {
			t.Errorf("%s: %+v, want one %s %s", name, fs, tc.sev, tc.want)
		}
	}
	c := readyCluster()
	delete(c.APIs, "cert-manager.io/v1/certificates")
	c.CAInjectors = 0
	if fs := Precheck(c, false); len(fs) != 0 {
		t.Errorf("self-managed mode needs no cert-manager: %+v", fs)
	}
}
