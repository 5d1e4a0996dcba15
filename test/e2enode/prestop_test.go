package e2enode

import (
	"fmt"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/mutators"
)

// preStopSleep is the node config's lifecycle.preStop.sleepSeconds.
const preStopSleep = 5 * time.Second

// servingAfterDelete deletes the pod and returns how long its app kept answering at the
// pod IP, and how long the pod took to disappear.
func servingAfterDelete(t *testing.T, ns, name, ip string) (serving, gone time.Duration) {
	t.Helper()
	url := fmt.Sprintf("http://%s:8080/hostname", ip)
	if _, err := httpGet(url); err != nil {
		t.Fatalf("not serving before the delete: %v", err)
	}
	begin := time.Now()
	deletePod(t, ns, name)
	for time.Since(begin) < 30*time.Second {
		if _, err := httpGet(url); err != nil {
			break
		}
		serving = time.Since(begin)
		time.Sleep(100 * time.Millisecond)
	}
	waitGone(t, ns, name, time.Minute)
	return serving, time.Since(begin)
}

// TestPreStopKeepsServing: a deleted pod with the injected preStop sleep keeps serving
// for the sleep, then stops within its grace period. The negative control, the same
// pod without the annotation, stops serving at once.
func TestPreStopKeepsServing(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "prestop")
	pod := runPod(t, ns, appPod("draining", map[string]string{mutators.AnnotationPreStop: "true"}))
	grace := time.Duration(*pod.Spec.TerminationGracePeriodSeconds) * time.Second
	serving, gone := servingAfterDelete(t, ns, pod.Name, pod.Status.PodIP)
	logf("with preStop: served %s after the delete, gone after %s (grace %s)", round(serving), round(gone), grace)
	if serving < preStopSleep-500*time.Millisecond {
		t.Errorf("served only %s after the delete; the preStop sleep is %s", serving, preStopSleep)
	}
	if gone > grace+5*time.Second {
		t.Errorf("the pod took %s to go, more than its grace period %s", gone, grace)
	}

	control := runPod(t, ns, appPod("not-draining", map[string]string{mutators.AnnotationPreStop: "false"}))
	serving, _ = servingAfterDelete(t, ns, control.Name, control.Status.PodIP)
	logf("negative control without preStop: served %s after the delete", round(serving))
	if serving >= preStopSleep-500*time.Millisecond {
		t.Errorf("without preStop the pod still served %s after the delete: the check cannot tell", serving)
	}
}
