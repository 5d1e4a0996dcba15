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
// netexec --delay-shutdown): the node config's whole shutdownSeconds.
const appLastLine = 10

// flushedExit is agnhost netexec's exit code after SIGTERM and its delay: it has written
// its last line. SIGKILL gives 137.
const flushedExit = 0

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
	withPods := runAll(t, ns, func(i int) *corev1.Pod {
		return lastLineApp(fmt.Sprintf("shipper-%d", i), map[string]string{
			mutators.AnnotationSidecars: nodestack.FlushingShipperTemplate, mutators.AnnotationPreStop: "true",
		})
	})
	plain := newNamespace(t, "shipper-old", nil)
	withoutPods := runAll(t, plain, func(i int) *corev1.Pod {
		p := lastLineApp(fmt.Sprintf("shipper-old-%d", i), nil)
		p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{
			Sleep: &corev1.SleepAction{Seconds: int64(nodestack.PreStopSleep / time.Second)}}}
		port := fmt.Sprint(nodestack.ShipperPort)
		shipper := nodestack.AgnhostContainer(nodestack.FlushingShipperTemplate, "netexec", "--http-port="+port, "--udp-port="+port,
			fmt.Sprintf("--delay-shutdown=%d", nodestack.ShipperFlush))
		always := corev1.ContainerRestartPolicyAlways
		shipper.RestartPolicy = &always
		p.Spec.InitContainers = []corev1.Container{shipper}
		p.Spec.TerminationGracePeriodSeconds = new(int64(nodestack.PreStopSleep/time.Second) + appLastLine) // the old budget
		return p
	})
	counts := deleteAllAndCount(t, withPods, withoutPods) // both arms at once: the suite's time stays bounded
	with, without := counts[0], counts[1]
	logf("last lines: with podpatterns' plan %d of %d shippers flushed (exit codes %v); old budget %d of %d (exit codes %v)",
		with.flushed, shipperDeletions, with.codes, without.flushed, shipperDeletions, without.codes)
	if with.flushed != shipperDeletions {
		t.Errorf("with podpatterns' plan only %d of %d shippers wrote their last line (exit codes %v)", with.flushed, shipperDeletions, with.codes)
	}
	if without.flushed == shipperDeletions {
		t.Errorf("the old budget lost no last line either (exit codes %v): the experiment cannot tell", without.codes)
	}
}

// lastLineApp is the app writing its last line appLastLine seconds after SIGTERM.
func lastLineApp(name string, annotations map[string]string) *corev1.Pod {
	p := nodestack.AppPod(name, annotations)
	p.Spec.Containers[0].Args = append(p.Spec.Containers[0].Args, fmt.Sprintf("--delay-shutdown=%d", appLastLine))
	p.Spec.TerminationGracePeriodSeconds = nil
	return p
}

// shipperCount is what the shippers of one arm did.
type shipperCount struct {
	flushed int
	codes   []int32
}

// runAll runs shipperDeletions pods built by pod in ns; it returns their namespace/name.
func runAll(t *testing.T, ns string, pod func(i int) *corev1.Pod) [][2]string {
	t.Helper()
	pods := make([][2]string, shipperDeletions)
	for i := range pods {
		pods[i] = [2]string{ns, runPod(t, ns, pod(i)).Name}
	}
	return pods
}

// deleteAllAndCount deletes the pods of every arm at once and counts, per arm, the
// shippers whose last reported state is an exit with flushedExit.
func deleteAllAndCount(t *testing.T, arms ...[][2]string) []shipperCount {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	counts := make([]shipperCount, len(arms))
	for k, pods := range arms {
		for _, p := range pods {
			w, err := env.Cluster.Client.CoreV1().Pods(p[0]).Watch(ctxFor(t, 2*time.Minute), metav1.ListOptions{FieldSelector: "metadata.name=" + p[1]})
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := lastShipperExit(w)
				mu.Lock()
				defer mu.Unlock()
				counts[k].codes = append(counts[k].codes, code)
				if code == flushedExit {
					counts[k].flushed++
				}
			}()
			deletePod(t, p[0], p[1])
		}
	}
	wg.Wait()
	return counts
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
