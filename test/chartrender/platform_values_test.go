package chartrender_test

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestPlatformValues: the values platform teams set on every webhook chart reach the
// server's pod: security contexts (OpenShift), hostNetwork and DNS (EKS custom CNI),
// extra env and volumes, scheduling.
func TestPlatformValues(t *testing.T) {
	uid := int64(1000680000)
	m := render(t, chartrender.Options{Values: map[string]any{
		// OpenShift's restricted-v2 assigns the UID: null removes a default key.
		"podSecurityContext": map[string]any{"runAsUser": nil, "runAsGroup": nil, "fsGroup": nil},
		"securityContext":    map[string]any{"runAsUser": uid, "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false},
		"hostNetwork":        true,
		"extraEnv":           []any{map[string]any{"name": "HTTPS_PROXY", "value": "http://proxy:3128"}},
		"extraVolumes":       []any{map[string]any{"name": "corp-ca", "configMap": map[string]any{"name": "corp-ca"}}},
		"extraVolumeMounts":  []any{map[string]any{"name": "corp-ca", "mountPath": "/etc/ssl/corp", "readOnly": true}},
		"priorityClassName":  "system-cluster-critical",
	}})
	spec := deployment(t, m, "podpatterns").Spec.Template.Spec
	c := spec.Containers[0]
	if sc := spec.SecurityContext; sc.RunAsUser != nil || sc.FSGroup != nil || sc.RunAsGroup != nil || !deref(sc.RunAsNonRoot) {
		t.Errorf("podSecurityContext keys set to null are still rendered: %+v", spec.SecurityContext)
	}
	if c.SecurityContext == nil || deref(c.SecurityContext.RunAsUser) != uid {
		t.Errorf("container securityContext not taken from values: %+v", c.SecurityContext)
	}
	if !spec.HostNetwork || spec.DNSPolicy != corev1.DNSClusterFirstWithHostNet {
		t.Errorf("hostNetwork %v dnsPolicy %q, want true ClusterFirstWithHostNet", spec.HostNetwork, spec.DNSPolicy)
	}
	if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "HTTPS_PROXY" }) ||
		!slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "POD_NAMESPACE" }) {
		t.Errorf("extraEnv not appended to the chart's env: %v", c.Env)
	}
	if !slices.ContainsFunc(spec.Volumes, func(v corev1.Volume) bool { return v.Name == "corp-ca" }) ||
		!slices.ContainsFunc(c.VolumeMounts, func(v corev1.VolumeMount) bool { return v.MountPath == "/etc/ssl/corp" }) {
		t.Errorf("extra volume or mount missing: %v %v", spec.Volumes, c.VolumeMounts)
	}
	if spec.PriorityClassName != "system-cluster-critical" {
		t.Errorf("priorityClassName %q", spec.PriorityClassName)
	}
}

// TestDefaultScheduling: linux nodes only, ClusterFirst DNS, no host network by default.
func TestDefaultScheduling(t *testing.T) {
	spec := deployment(t, render(t, chartrender.Options{}), "podpatterns").Spec.Template.Spec
	if spec.NodeSelector[corev1.LabelOSStable] != "linux" || len(spec.NodeSelector) != 1 {
		t.Errorf("nodeSelector %v, want kubernetes.io/os=linux", spec.NodeSelector)
	}
	if spec.HostNetwork || spec.DNSPolicy != corev1.DNSClusterFirst {
		t.Errorf("hostNetwork %v dnsPolicy %q", spec.HostNetwork, spec.DNSPolicy)
	}
}

// TestPDBOnlyForTwoReplicas: a PDB with minAvailable 1 over one replica blocks every
// drain, so it is rendered for 2+ replicas only, and NOTES warn about the single replica.
func TestPDBOnlyForTwoReplicas(t *testing.T) {
	for replicas, wantPDB := range map[int]bool{1: false, 2: true, 3: true} {
		m := render(t, chartrender.Options{Values: map[string]any{"replicaCount": replicas}})
		if got := len(m.OfKind("PodDisruptionBudget")) == 1; got != wantPDB {
			t.Errorf("replicas %d: PDB rendered %v, want %v", replicas, got, wantPDB)
		}
		if warned := containsAll(m.Files["podpatterns/templates/NOTES.txt"], "WARNING: replicaCount is 1", "No PodDisruptionBudget"); warned == wantPDB {
			t.Errorf("replicas %d: NOTES warning shown %v", replicas, warned)
		}
	}
}

// TestIssuerRef: an existing issuer signs the serving certificate and the chart's own
// CA chain is not rendered.
func TestIssuerRef(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"certManager": map[string]any{
		"issuerRef": map[string]any{"name": "corp-ca", "kind": "ClusterIssuer"}}}})
	if n := len(m.OfKind("Issuer")); n != 0 {
		t.Errorf("%d Issuers rendered next to an existing issuer", n)
	}
	certs := m.OfKind("Certificate")
	if len(certs) != 1 {
		t.Fatalf("%d Certificates, want only the serving one", len(certs))
	}
	if got := str(certs[0], "spec", "issuerRef", "name") + "/" + str(certs[0], "spec", "issuerRef", "kind"); got != "corp-ca/ClusterIssuer" {
		t.Errorf("serving certificate issued by %s", got)
	}
}

// TestExtraSANs: selfManagedCerts.extraSANs reach --cert-extra-sans.
func TestExtraSANs(t *testing.T) {
	m := render(t, chartrender.Options{ValuesFiles: []string{"ci/self-managed-values.yaml"}, Values: map[string]any{
		"selfManagedCerts": map[string]any{"extraSANs": []any{"webhook.example.com", "10.0.0.10"}}}})
	args := argMap(deployment(t, m, "podpatterns").Spec.Template.Spec.Containers[0].Args)
	if got := args["--cert-extra-sans"]; got != "webhook.example.com,10.0.0.10" {
		t.Errorf("--cert-extra-sans=%q", got)
	}
}

// TestLogAndEventFlags: the log and event values reach the server's flags, and the
// events permission goes with the events switch.
func TestLogAndEventFlags(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"server": map[string]any{
		"logFormat": "text", "events": false, "logDecisions": map[string]any{"admits": false, "perSecond": 5}}}})
	args := argMap(deployment(t, m, "podpatterns").Spec.Template.Spec.Containers[0].Args)
	for flag, want := range map[string]string{"--log-format": "text", "--log-admits": "false", "--log-denies": "true",
		"--log-mutations": "true", "--log-decisions-per-second": "5", "--events": "false"} {
		if args[flag] != want {
			t.Errorf("%s=%q, want %q", flag, args[flag], want)
		}
	}
	for _, g := range grants(t, m) {
		if g.resource == "events" {
			t.Errorf("events permission without events: %+v", g)
		}
	}
}
