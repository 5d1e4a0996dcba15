package e2enode

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestNativeHelperStartupProbeGatesTheApp: an injected native helper keeps its
// template's startupProbe, and the kubelet starts the app only after that probe
// succeeded: the helper's probe first runs nodestack.GatedStartupDelay s after the helper started,
// so the app starts at least that much later. Without the delay (the negative control:
// initialDelaySeconds 0) the app started 4 s after the helper on the node suite, so the
// delay is well above that.
func TestNativeHelperStartupProbeGatesTheApp(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "gated")
	pod := runPod(t, ns, nodestack.AppPod("gated", map[string]string{mutators.AnnotationSidecars: nodestack.GatedSidecarTemplate}))
	var helper *corev1.Container
	for i := range pod.Spec.InitContainers {
		if pod.Spec.InitContainers[i].Name == nodestack.GatedSidecarTemplate {
			helper = &pod.Spec.InitContainers[i]
		}
	}
	if helper == nil || helper.StartupProbe == nil || helper.ReadinessProbe == nil {
		t.Fatalf("the injected helper lost its template's probes: %+v", helper)
	}
	helperStarted := startedAt(t, status(t, pod, nodestack.GatedSidecarTemplate))
	appStarted := startedAt(t, status(t, pod, "app"))
	gap := appStarted.Sub(helperStarted)
	t.Logf("helper started %s, app started %s: %s later (startup probe first runs after %ds)",
		helperStarted.Format(time.RFC3339), appStarted.Format(time.RFC3339), gap, nodestack.GatedStartupDelay)
	if gap < nodestack.GatedStartupDelay*time.Second {
		t.Errorf("the app started %s after the helper, before its startup probe could succeed (%ds)", gap, nodestack.GatedStartupDelay)
	}
}

// startedAt is when a running container started (seconds resolution, as the kubelet
// reports it).
func startedAt(t *testing.T, cs corev1.ContainerStatus) time.Time {
	t.Helper()
	if cs.State.Running == nil {
		t.Fatalf("container %s is not running: %+v", cs.Name, cs.State)
	}
	return cs.State.Running.StartedAt.Time
}
