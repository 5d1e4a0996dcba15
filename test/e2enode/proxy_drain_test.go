package e2enode

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// appShutdown is how long the app keeps serving after SIGTERM (netexec --delay-shutdown),
// within the node config's shutdownSeconds (10).
const appShutdown = 8

// drainInterval is the request rate through the proxy during the drain.
const drainInterval = 20 * time.Millisecond

// TestClassicProxyOutlivesAppShutdown: an app whose requests go through a classic
// (native: false) ambassador keeps reaching it through its whole preStop and shutdown
// when podpatterns plans the termination (the proxy sleeps through the app's preStop plus
// shutdownSeconds): 0 failed requests, one every 20 ms. The old plan (the proxy's sleep as
// long as the app's preStop, grace period preStop + shutdown), written out by hand where
// podpatterns leaves pods alone, loses the requests of the app's shutdown: the kubelet
// sends SIGTERM to the proxy when its own hook ends.
func TestClassicProxyOutlivesAppShutdown(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "classic-proxy")
	p := drainingApp(nodestack.AppPod("classic-proxy", map[string]string{
		mutators.AnnotationAmbassadors: nodestack.ClassicProxyTemplate, mutators.AnnotationPreStop: "true",
	}))
	with := throughProxyDuringDrain(t, ns, runPod(t, ns, p), nodestack.ClassicProxyPort)
	logf("classic proxy, podpatterns' plan: %s", with)

	plain := newNamespace(t, "classic-proxy-old", nil)
	old := drainingApp(nodestack.AppPod("classic-proxy-old", nil))
	sleep := func() *corev1.Lifecycle {
		return &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: int64(nodestack.PreStopSleep / time.Second)}}}
	}
	old.Spec.Containers[0].Lifecycle = sleep()
	proxy := nodestack.AgnhostContainer(nodestack.ClassicProxyTemplate, "netexec", fmt.Sprintf("--http-port=%d", nodestack.ClassicProxyPort), fmt.Sprintf("--udp-port=%d", nodestack.ClassicProxyPort))
	proxy.Lifecycle = sleep()
	old.Spec.Containers = append(old.Spec.Containers, proxy)
	old.Spec.TerminationGracePeriodSeconds = new(int64(nodestack.PreStopSleep/time.Second) + 10)
	without := throughProxyDuringDrain(t, plain, runPod(t, plain, old), nodestack.ClassicProxyPort)
	logf("classic proxy, the old plan: %s", without)

	if with.failed != 0 {
		t.Errorf("with podpatterns' plan %d of %d requests through the proxy failed during the app's drain (last: %s)", with.failed, with.sent, with.last)
	}
	if without.failed == 0 {
		t.Errorf("the old plan lost no request either (%d sent): the experiment cannot tell", without.sent)
	}
}

// TestNativeProxyServesTheAppsDrain: an app whose requests go through a native
// ambassador with a preStop of its own keeps reaching it through its whole preStop and
// shutdown: the kubelet starts every preStop hook at the delete, and sends SIGTERM to a
// native sidecar only once every main container has exited, so the proxy outlives the
// app's drain; podpatterns' plan adds the proxy's own stop time to the grace period
// (status plan: the proxy's exit after the app's). 0 failed requests, one every 20 ms.
// No control can lose requests here: the kubelet's order, not the budget, protects the
// app's drain (the budget protects the proxy's own shutdown, which
// TestShipperShipsTheLastLines shows for a log shipper).
func TestNativeProxyServesTheAppsDrain(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "native-proxy")
	p := drainingApp(nodestack.AppPod("native-proxy", map[string]string{
		mutators.AnnotationAmbassadors: nodestack.NativeProxyTemplate, mutators.AnnotationPreStop: "true",
	}))
	pod := runPod(t, ns, p)
	st, ok := mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
	if !ok || st.Plan == nil || pod.Spec.TerminationGracePeriodSeconds == nil || *pod.Spec.TerminationGracePeriodSeconds < st.Plan.GraceSeconds {
		t.Fatalf("no termination plan covering the pod: status %v, grace %v", pod.Annotations[mutators.AnnotationStatus], pod.Spec.TerminationGracePeriodSeconds)
	}
	with := throughProxyDuringDrain(t, ns, pod, nodestack.NativeProxyPort)
	logf("native proxy with its own preStop, podpatterns' plan (grace %d s): %s", st.Plan.GraceSeconds, with)
	if with.failed != 0 || with.sent == 0 {
		t.Errorf("with podpatterns' plan %d of %d requests through the native proxy failed during the app's drain (last: %s)", with.failed, with.sent, with.last)
	}
}

// drainingApp makes the app keep serving appShutdown seconds after SIGTERM, and lets the
// pod's own grace period be the one podpatterns plans (or the control sets).
func drainingApp(p *corev1.Pod) *corev1.Pod {
	p.Spec.Containers[0].Args = append(p.Spec.Containers[0].Args, fmt.Sprintf("--delay-shutdown=%d", appShutdown))
	p.Spec.TerminationGracePeriodSeconds = nil
	return p
}

// drainResult is what the app saw dialing the proxy while it drained.
type drainResult struct {
	sent, failed int
	last         string
	served       time.Duration
}

func (r drainResult) String() string {
	return fmt.Sprintf("%d of %d requests through the proxy failed while the app served for %s after the delete (last failure: %q)",
		r.failed, r.sent, nodestack.Round(r.served), r.last)
}

// throughProxyDuringDrain deletes the pod and, every drainInterval until the app stops
// answering (bounded by a minute), has the app dial the proxy on localhost (netexec's
// /dial runs in the app): a request the app answers with an error is a failure.
func throughProxyDuringDrain(t *testing.T, ns string, pod *corev1.Pod, port int) drainResult {
	t.Helper()
	url := fmt.Sprintf("http://%s:8080/dial?request=hostname&protocol=http&host=localhost&port=%d&tries=1", pod.Status.PodIP, port)
	if body, err := eventuallyGet(url, 30*time.Second); err != nil || !strings.Contains(body, pod.Name) {
		t.Fatalf("the app does not reach the proxy before the delete: %q, %v", body, err)
	}
	begin := time.Now()
	deletePod(t, ns, pod.Name)
	var r drainResult
	for time.Since(begin) < time.Minute {
		body, err := nodestack.HTTPGet(url)
		if err != nil { // the app itself stopped answering: its drain is over
			break
		}
		r.sent++
		r.served = time.Since(begin)
		if !strings.Contains(body, pod.Name) {
			r.failed, r.last = r.failed+1, body
		}
		time.Sleep(drainInterval)
	}
	waitGone(t, ns, pod.Name, time.Minute)
	return r
}
