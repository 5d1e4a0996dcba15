package e2enode

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestEveryPatternInARestrictedNamespace: in a namespace as a platform team runs it (Pod
// Security restricted enforced, a LimitRange defaulting every container), a pod hardened
// by its author that asks for every pattern is admitted by the API server with every
// pattern injected (none skipped), and on the node every injected container starts: the
// render init container completes, the native helpers run, none restarts. Before issue 20
// the API server rejected this pod for the helpers' missing securityContext.
func TestEveryPatternInARestrictedNamespace(t *testing.T) {
	needRelease(t)
	ns := newNamespace(t, "platform", nodestack.PlatformLabels())
	if err := nodestack.SetUpPlatform(ctxFor(t, time.Minute), env.Cluster.Client, ns); err != nil {
		t.Fatal(err)
	}
	pod := runPod(t, ns, nodestack.Restricted(nodestack.AppPod("everything", nodestack.EveryPatternAnnotations())))
	st, ok := mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
	if !ok {
		t.Fatalf("no status annotation: %v", pod.Annotations)
	}
	for _, p := range []mutators.Pattern{mutators.PatternSidecar, mutators.PatternAdapter, mutators.PatternAmbassador,
		mutators.PatternConfigTemplate, mutators.PatternDownwardAPI, mutators.PatternPreStop} {
		if len(st.Injected[p]) == 0 {
			t.Errorf("%s not injected (status %v)", p, st.Injected)
		}
	}
	for _, cs := range pod.Status.InitContainerStatuses {
		native := isNative(pod, cs.Name)
		switch {
		case native && (cs.State.Running == nil || cs.Started == nil || !*cs.Started):
			t.Errorf("native helper %s is not running: %+v", cs.Name, cs.State)
		case !native && (cs.State.Terminated == nil || cs.State.Terminated.ExitCode != 0):
			t.Errorf("init container %s did not complete: %+v", cs.Name, cs.State)
		}
	}
	for _, cs := range append(pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses...) {
		if cs.RestartCount != 0 {
			t.Errorf("%s restarted %d times", cs.Name, cs.RestartCount)
		}
	}
	if len(pod.Status.InitContainerStatuses) < 3 {
		t.Errorf("%d init containers ran, want the renderer and the native helpers", len(pod.Status.InitContainerStatuses))
	}
}

// isNative reports whether the pod's init container name is a native sidecar.
func isNative(pod *corev1.Pod, name string) bool {
	for _, c := range pod.Spec.InitContainers {
		if c.Name == name {
			return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
		}
	}
	return false
}
