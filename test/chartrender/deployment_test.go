package chartrender_test

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

func deployment(t *testing.T, m *chartrender.Manifests, name string) *appsv1.Deployment {
	t.Helper()
	var d appsv1.Deployment
	decode(t, m, "Deployment", name, &d)
	return &d
}

// TestPodSecurityRestricted runs the apiserver's own Pod Security Admission checks at
// level restricted, latest version, on the pod template.
func TestPodSecurityRestricted(t *testing.T) {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		d := deployment(t, m, v.fullname)
		results := evaluator.EvaluatePod(psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()},
			&d.Spec.Template.ObjectMeta, &d.Spec.Template.Spec)
		if agg := policy.AggregateCheckResults(results); !agg.Allowed {
			t.Errorf("pod template violates PSS restricted: %s", agg.ForbiddenReason())
		}
		c := d.Spec.Template.Spec.Containers[0]
		if sc := c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			t.Error("root filesystem is not read-only")
		}
	})
}

func TestDeploymentAvailability(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		d := deployment(t, m, v.fullname)
		if deref(d.Spec.Replicas) != 2 {
			t.Errorf("replicas %d, want 2", deref(d.Spec.Replicas))
		}
		if ru := d.Spec.Strategy.RollingUpdate; ru == nil || ru.MaxUnavailable.IntValue() != 0 {
			t.Errorf("rolling update may take replicas down: %+v", ru)
		}
		spec := d.Spec.Template.Spec
		if !slices.ContainsFunc(spec.TopologySpreadConstraints, func(c corev1.TopologySpreadConstraint) bool {
			return c.TopologyKey == corev1.LabelHostname && c.LabelSelector != nil && c.LabelSelector.MatchLabels["app.kubernetes.io/instance"] != ""
		}) {
			t.Errorf("no spread across nodes: %+v", spec.TopologySpreadConstraints)
		}
		var pdb policyv1.PodDisruptionBudget
		decode(t, m, "PodDisruptionBudget", v.fullname, &pdb)
		if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() != 1 {
			t.Errorf("PDB minAvailable = %v, want 1", pdb.Spec.MinAvailable)
		}
		for k, val := range pdb.Spec.Selector.MatchLabels {
			if d.Spec.Template.Labels[k] != val {
				t.Errorf("PDB selects %s=%s, which the pods do not carry", k, val)
			}
		}

		c := spec.Containers[0]
		health := port(t, c, "health")
		for probe, path := range map[*corev1.Probe]string{c.ReadinessProbe: "/readyz", c.LivenessProbe: "/healthz"} {
			if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != path || probe.HTTPGet.Port.String() != "health" {
				t.Errorf("probe %s not on the health port (%d): %+v", path, health, probe)
			}
		}
		if !slices.Contains(c.Args, "--health-addr=:8081") || health != 8081 {
			t.Errorf("health port %d and args %v disagree", health, c.Args)
		}
		for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if _, ok := c.Resources.Requests[r]; !ok {
				t.Errorf("no %s request", r)
			}
		}
		if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
			t.Error("no memory limit")
		}
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Error("no preStop sleep: a terminating replica would still get calls")
		}
	})
}

func port(t *testing.T, c corev1.Container, name string) int32 {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	t.Fatalf("container has no %s port", name)
	return 0
}

// TestServeArgs: the server is told its own image, and the certificate mode's flags name
// objects that the chart really renders.
func TestServeArgs(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		d := deployment(t, m, v.fullname)
		c := d.Spec.Template.Spec.Containers[0]
		if c.Args[0] != "serve" {
			t.Fatalf("args %v do not start with serve", c.Args)
		}
		if want := "--self-image=" + c.Image; !slices.Contains(c.Args, want) {
			t.Errorf("args lack %s", want)
		}
		if v.name == "renamed" && !strings.Contains(c.Image, "@sha256:") {
			t.Errorf("image %s not pinned by digest", c.Image)
		}
		flags := argMap(c.Args)
		if v.certManager {
			if flags["--cert-dir"] == "" || !mountsSecret(d, v.fullname+"-tls", flags["--cert-dir"]) {
				t.Errorf("cert-manager mode must mount Secret %s-tls at --cert-dir %q", v.fullname, flags["--cert-dir"])
			}
			return
		}
		if _, ok := flags["--self-managed-certs"]; !ok {
			t.Fatal("self-managed mode without --self-managed-certs")
		}
		if m.Find("Service", flags["--webhook-service"]) == nil {
			t.Errorf("--webhook-service=%s is not a rendered Service", flags["--webhook-service"])
		}
		if m.Find("MutatingWebhookConfiguration", flags["--mutating-webhook-configuration"]) == nil ||
			m.Find("ValidatingWebhookConfiguration", flags["--validating-webhook-configuration"]) == nil {
			t.Errorf("webhook configuration flags name unrendered objects: %v", flags)
		}
		if flags["--cert-secret"] != v.fullname+"-certs" {
			t.Errorf("--cert-secret=%s", flags["--cert-secret"])
		}
		if slices.ContainsFunc(c.VolumeMounts, func(vm corev1.VolumeMount) bool { return vm.Name == "certs" }) {
			t.Error("self-managed mode must not mount a certificate Secret")
		}
	})
}

func argMap(args []string) map[string]string {
	out := map[string]string{}
	for _, a := range args {
		k, val, _ := strings.Cut(a, "=")
		out[k] = val
	}
	return out
}

func mountsSecret(d *appsv1.Deployment, secret, path string) bool {
	for _, vol := range d.Spec.Template.Spec.Volumes {
		if vol.Secret == nil || vol.Secret.SecretName != secret {
			continue
		}
		return slices.ContainsFunc(d.Spec.Template.Spec.Containers[0].VolumeMounts, func(vm corev1.VolumeMount) bool {
			return vm.Name == vol.Name && vm.MountPath == path && vm.ReadOnly
		})
	}
	return false
}

// TestConfigChecksum: the pod template changes exactly when the rendered config does, so
// a config change rolls the Deployment.
func TestConfigChecksum(t *testing.T) {
	checksum := func(values map[string]any) (string, string) {
		m := render(t, chartrender.Options{Values: values})
		var cm corev1.ConfigMap
		decode(t, m, "ConfigMap", "podpatterns-config", &cm)
		sum := sha256.Sum256([]byte(strings.TrimSuffix(cm.Data["config.yaml"], "\n")))
		return deployment(t, m, "podpatterns").Spec.Template.Annotations["checksum/config"], hex.EncodeToString(sum[:])
	}
	base, baseData := checksum(nil)
	if base != baseData {
		t.Errorf("checksum/config %s is not the sha256 of the ConfigMap's config.yaml (%s)", base, baseData)
	}
	changed, _ := checksum(map[string]any{"config": map[string]any{"downwardAPI": map[string]any{"default": true}}})
	if changed == base {
		t.Error("changing the config does not change checksum/config")
	}
	same, _ := checksum(map[string]any{"replicaCount": 3})
	if same != base {
		t.Error("a non-config value changed checksum/config")
	}
}

func TestPriorityClassName(t *testing.T) {
	for _, name := range []string{"", "system-cluster-critical", "platform-critical"} {
		d := deployment(t, render(t, chartrender.Options{Values: map[string]any{"priorityClassName": name}}), "podpatterns")
		if got := d.Spec.Template.Spec.PriorityClassName; got != name {
			t.Errorf("priorityClassName %q rendered as %q", name, got)
		}
	}
}
