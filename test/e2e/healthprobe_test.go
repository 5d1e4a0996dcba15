package e2e

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// The Health Probe profiles this test adds to the config.
const (
	probesRequired  = "probes-required"
	probesDefaulted = "probes-defaulted"
)

// portPod is the test's app container listening on 8080, without a readiness probe.
func portPod(name string, annotations map[string]string) *corev1.Pod {
	p := podInNamespace(name, annotations)
	p.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 8080}}
	return p
}

// TestReadinessProbeRulesOnTheAPIServer: the readiness rule and its default through the
// real apiserver with both webhooks: enforce denies a container with a port and no
// readiness probe, naming the field and the rule; warn admits it with the warning; a
// profile that defaults probes admits the same pod with a tcpSocket probe on 8080 and no
// warning, while an injected helper that declares a port gets none (only its template's
// probes: the kubelet counts a native sidecar's readiness in the pod's). Sequential: it
// adds profiles to the config.
func TestReadinessProbeRulesOnTheAPIServer(t *testing.T) {
	// The example exporter declares a port without a readiness probe: a profile that
	// requires probes must exempt injected sidecars, or the config is refused
	// (config.validateInjectedReadiness; the default never probes a helper).
	cfg := withProfile(t, suite.DefaultConfig, probesRequired, map[string]any{
		"probes": map[string]any{"readinessRequired": true}, "exempt": map[string]any{"injectedSidecars": true}})
	cfg = withProfile(t, cfg, probesDefaulted, map[string]any{
		"probes": map[string]any{"readinessRequired": true, "defaultReadiness": true}, "exempt": map[string]any{"injectedSidecars": true}})
	useConfig(t, cfg)
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })

	enforced := profileNamespace(t, probesRequired, validators.ModeEnforce)
	_, _, err := createPod(t, enforced, portPod("denied", nil), metav1.CreateOptions{})
	if err == nil || !strings.Contains(err.Error(), "spec.containers[0].readinessProbe ("+string(validators.RuleReadinessProbeRequired)+")") {
		t.Errorf("enforce: got %v, want a denial naming spec.containers[0].readinessProbe and the rule", err)
	}
	warned := profileNamespace(t, probesRequired, validators.ModeWarn)
	if _, warnings := mustCreatePod(t, warned, portPod("warned", nil)); len(warnings) != 1 ||
		!strings.Contains(warnings[0], string(validators.RuleReadinessProbeRequired)) {
		t.Errorf("warn: warnings %q, want one naming the rule", warnings)
	}

	labels := injected()
	labels[mutators.LabelProfile] = probesDefaulted
	defaulted := newNamespace(t, labels, nil)
	stored, warnings := mustCreatePod(t, defaulted, portPod("defaulted", map[string]string{mutators.AnnotationAdapters: "prometheus-exporter"}))
	if len(warnings) > 0 {
		t.Errorf("defaulted: warnings %q", warnings)
	}
	want := map[string]int32{"app": 8080, "prometheus-exporter": 0} // 0: no probe
	for _, c := range append(append([]corev1.Container{}, stored.Spec.InitContainers...), stored.Spec.Containers...) {
		port, ok := want[c.Name]
		if !ok {
			continue
		}
		delete(want, c.Name)
		p := c.ReadinessProbe
		switch {
		case port == 0 && p != nil:
			t.Errorf("defaulted: injected helper %s got readiness probe %+v, want none", c.Name, p)
		case port != 0 && (p == nil || p.TCPSocket == nil || p.TCPSocket.Port != intstr.FromInt32(port)):
			t.Errorf("defaulted: container %s has readiness probe %+v, want tcpSocket %d", c.Name, p, port)
		}
	}
	if len(want) > 0 {
		t.Errorf("defaulted: containers %v missing from the stored pod", want)
	}
}
