package e2enode

import (
	"fmt"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// shipperDeletions is how many pods each arm deletes (at once, to bound the time).
const shipperDeletions = 10

// appLastLine is how long the app takes after SIGTERM to write its last line (agnhost
// pause --delay-shutdown): the node config's whole shutdownSeconds.
const appLastLine = 10

// flushedExit is agnhost pause's exit code after SIGTERM and its delay: it has written
// its last line ("exiting 2"). SIGKILL gives 137.
const flushedExit = 2

// TestShipperShipsTheLastLines: an app that writes its last line at the end of its
// shutdown, and an injected native log shipper that needs ShipperFlush seconds after
// SIGTERM to write its own last line (it ships the app's). Over shipperDeletions pod
// deletions every shipper exits on its own (flushed) with podpatterns' plan (the grace
// period covers the app's preStop and shutdown, then the shipper's shutdownSeconds: the
// kubelet sends it SIGTERM only after the app exited). The old budget (longest preStop +
// shutdownSeconds), written out by hand where podpatterns leaves pods alone, leaves the
// shipper the kubelet's 2 s minimum after the app: it is killed before its last line.
func TestShipperShipsTheLastLines(t *testing.T) {
	needRelease(t)
	ns := injectNamespace(t, "shipper")
	with := deleteAllAndCount(t, ns, func(i int) *corev1.Pod {
		return lastLineApp(fmt.Sprintf("shipper-%d", i), map[string]string{
			mutators.AnnotationSidecars: nodestack.FlushingShipperTemplate, mutators.AnnotationPreStop: "true",
		})
	})
	plain := newNamespace(t, "shipper-old", nil)
	without := deleteAllAndCount(t, plain, func(i int) *corev1.Pod {
		p := lastLineApp(fmt.Sprintf("shipper-old-%d", i), nil)
		p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{
			Sleep: &corev1.SleepAction{Seconds: int64(nodestack.PreStopSleep / time.Second)}}}
		shipper := nodestack.AgnhostContainer(nodestack.FlushingShipperTemplate, "pause", fmt.Sprintf("--delay-shutdown=%d", nodestack.ShipperFlush))
		always := corev1.ContainerRestartPolicyAlways
		shipper.RestartPolicy = &always
		p.Spec.InitContainers = []corev1.Container{shipper}
		p.Spec.TerminationGracePeriodSeconds = new(int64(nodestack.PreStopSleep/time.Second) + appLastLine) // the old budget
		return p
	})
	logf("last lines: with podpatterns' plan %d of %d shippers flushed (exit codes %v); old budget %d of %d (exit codes %v)",
		with.flushed, shipperDeletions, with.codes, without.flushed, shipperDeletions, without.codes)
	if with.flushed != shipperDeletions {
		t.Errorf("with podpatterns' plan only %d of %d shippers wrote their last line (exit codes %v)", with.flushed, shipperDeletions, with.codes)
	}
	if without.flushed == shipperDeletions {
		t.Errorf("the old budget lost no last line either (exit codes %v): the experiment cannot tell", without.codes)
	}
}

// lastLineApp is agnhost pause as the app, writing its last line appLastLine seconds
// after SIGTERM.
func lastLineApp(name string, annotations map[string]string) *corev1.Pod {
	p := nodestack.AgnhostPod(name, "pause", fmt.Sprintf("--delay-shutdown=%d", appLastLine))
	p.Annotations = annotations
	p.Spec.TerminationGracePeriodSeconds = nil
	return p
}

// shipperCount is what the shippers of one arm did.
type shipperCount struct {
	flushed int
	codes   []int32
}

// deleteAllAndCount runs shipperDeletions pods built by pod, deletes them all at once and
// counts the shippers whose last reported state is an exit with flushedExit.
func deleteAllAndCount(t *testing.T, ns string, pod func(i int) *corev1.Pod) shipperCount {
	t.Helper()
	names := make([]string, shipperDeletions)
	for i := range names {
		names[i] = runPod(t, ns, pod(i)).Name
	}
	var mu sync.Mutex
	var r shipperCount
	var wg sync.WaitGroup
	for _, name := range names {
		w, err := env.Cluster.Client.CoreV1().Pods(ns).Watch(ctxFor(t, 2*time.Minute), metav1.ListOptions{FieldSelector: "metadata.name=" + name})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := lastShipperExit(w)
			mu.Lock()
			defer mu.Unlock()
			r.codes = append(r.codes, code)
			if code == flushedExit {
				r.flushed++
			}
		}()
		deletePod(t, ns, name)
	}
	wg.Wait()
	return r
}

// lastShipperExit follows a pod's watch until it is deleted (bounded by a minute) and
// returns the shipper's last reported exit code (-1: never reported).
func lastShipperExit(w watch.Interface) int32 {
	defer w.Stop()
	code := int32(-1)
	timeout := time.After(time.Minute)
	for {
		select {
		case ev, ok := <-w.ResultChan():
			if !ok {
				return code
			}
			if p, isPod := ev.Object.(*corev1.Pod); isPod {
				for _, cs := range p.Status.InitContainerStatuses {
					if cs.Name == nodestack.FlushingShipperTemplate && cs.State.Terminated != nil {
						code = cs.State.Terminated.ExitCode
					}
				}
			}
			if ev.Type == watch.Deleted {
				return code
			}
		case <-timeout:
			return code
		}
	}
}
