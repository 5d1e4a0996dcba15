package e2enode

import (
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// servingAfterDelete deletes the pod and returns how long its app kept answering at the
// pod IP, and how long the pod took to disappear (nodestack.ServingAfterDelete).
func servingAfterDelete(t *testing.T, ns, name, ip string) (serving, gone time.Duration) {
	t.Helper()
	serving, gone, err := nodestack.ServingAfterDelete(ctxFor(t, 2*time.Minute), env.Cluster.Client, ns, name, ip)
	if err != nil {
		t.Fatal(err)
	}
	return serving, gone
}

// TestPreStopKeepsServing: a deleted pod with the injected preStop sleep keeps serving
// for the sleep, then stops within its grace period. The negative control, the same
// pod without the annotation, stops serving at once.
func TestPreStopKeepsServing(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "prestop")
	pod := runPod(t, ns, nodestack.AppPod("draining", map[string]string{mutators.AnnotationPreStop: "true"}))
	grace := time.Duration(*pod.Spec.TerminationGracePeriodSeconds) * time.Second
	serving, gone := servingAfterDelete(t, ns, pod.Name, pod.Status.PodIP)
	logf("with preStop: served %s after the delete, gone after %s (grace %s)", nodestack.Round(serving), nodestack.Round(gone), grace)
	if serving < nodestack.PreStopSleep-500*time.Millisecond {
		t.Errorf("served only %s after the delete; the preStop sleep is %s", serving, nodestack.PreStopSleep)
	}
	if gone > grace+5*time.Second {
		t.Errorf("the pod took %s to go, more than its grace period %s", gone, grace)
	}

	control := runPod(t, ns, nodestack.AppPod("not-draining", map[string]string{mutators.AnnotationPreStop: "false"}))
	serving, _ = servingAfterDelete(t, ns, control.Name, control.Status.PodIP)
	logf("negative control without preStop: served %s after the delete", nodestack.Round(serving))
	if serving >= nodestack.PreStopSleep-500*time.Millisecond {
		t.Errorf("without preStop the pod still served %s after the delete: the check cannot tell", serving)
	}
}
