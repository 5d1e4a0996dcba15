package e2enode

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
	"github.com/podpatterns/podpatterns/validators"
)

// warnings records the apiserver's warning headers.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

// createWithWarnings creates the pod and returns the warnings the apiserver sent.
func createWithWarnings(t *testing.T, ns string, pod *corev1.Pod) ([]string, error) {
	t.Helper()
	w := &warnings{}
	cfg := rest.CopyConfig(env.Cluster.Config)
	cfg.WarningHandler = w
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.CoreV1().Pods(ns).Create(ctxFor(t, 10*time.Second), pod, metav1.CreateOptions{})
	return w.list, err
}

// kubeletQOSDir is the pod's cgroup in the memory hierarchy: the kubelet places it by
// the QoS class it computed (Guaranteed directly under kubepods).
func kubeletQOSDir(t *testing.T, pod *corev1.Pod) string {
	t.Helper()
	base := filepath.Join("/sys/fs/cgroup/memory", cluster.NodeCgroupRoot, "kubepods")
	for dir, class := range map[string]string{"": "Guaranteed", "burstable": "Burstable", "besteffort": "BestEffort"} {
		if _, err := os.Stat(filepath.Join(base, dir, "pod"+string(pod.UID))); err == nil {
			return class
		}
	}
	t.Fatalf("no cgroup for pod %s under %s", pod.UID, base)
	return ""
}

// TestProfilesOnTheNode: an enforce namespace denies a BestEffort pod; a warn namespace
// admits it with a warning and the kubelet runs it as BestEffort; a Guaranteed pod in
// the enforce namespace runs in the kubelet's Guaranteed cgroup.
func TestProfilesOnTheNode(t *testing.T) {
	needRelease(t)
	enforce := newNamespace(t, "enforce", map[string]string{mutators.LabelProfile: "guaranteed"})
	warn := newNamespace(t, "warn", map[string]string{mutators.LabelProfile: "guaranteed", validators.LabelProfileMode: "warn"})

	if _, err := createWithWarnings(t, enforce, nodestack.AgnhostPod("besteffort", "pause")); err == nil || !strings.Contains(err.Error(), "denied") {
		t.Errorf("enforce: a BestEffort pod was not denied: %v", err)
	}
	ws, err := createWithWarnings(t, warn, nodestack.AgnhostPod("besteffort", "pause"))
	if err != nil || len(ws) == 0 {
		t.Fatalf("warn: create = %v with warnings %q; want admitted with warnings", err, ws)
	}
	pod := waitPod(t, warn, "besteffort", 2*time.Minute, "Running", nodestack.Running)
	if got := kubeletQOSDir(t, pod); got != "BestEffort" {
		t.Errorf("warn: the kubelet runs the admitted pod as %s", got)
	}

	g := nodestack.AgnhostPod("guaranteed", "pause")
	g.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: resources("50m", "32Mi"), Limits: resources("50m", "32Mi")}
	pod = runPod(t, enforce, g)
	if got := kubeletQOSDir(t, pod); got != "Guaranteed" || pod.Status.QOSClass != corev1.PodQOSGuaranteed {
		t.Errorf("enforce: kubelet QoS %s, API QoS %s; the profile demands Guaranteed", got, pod.Status.QOSClass)
	}
}

// TestDefaultedPriorityClassScheduled: the profile's default PriorityClass is set on the
// pod with its value, and the scheduler places the pod with it.
func TestDefaultedPriorityClassScheduled(t *testing.T) {
	needRelease(t)
	pc := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: nodestack.PriorityClassName}, Value: 4242}
	if _, err := env.Cluster.Client.SchedulingV1().PriorityClasses().Create(ctxFor(t, 10*time.Second), pc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Cluster.Client.SchedulingV1().PriorityClasses().Delete(ctxFor(t, 10*time.Second), nodestack.PriorityClassName, metav1.DeleteOptions{})
	})
	ns := newNamespace(t, "priority", map[string]string{mutators.LabelProfile: "prioritised"})
	p := nodestack.AgnhostPod("prioritised", "pause")
	p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: resources("10m", "16Mi")}
	var pod *corev1.Pod
	deadline := time.Now().Add(30 * time.Second)
	for {
		// the server learns PriorityClasses from an informer: retry until it has this one
		pod = runPod(t, ns, p)
		if pod.Spec.PriorityClassName != "" || time.Now().After(deadline) {
			break
		}
		deletePod(t, ns, p.Name)
		waitGone(t, ns, p.Name, time.Minute)
	}
	if pod.Spec.PriorityClassName != nodestack.PriorityClassName || pod.Spec.Priority == nil || *pod.Spec.Priority != pc.Value {
		t.Fatalf("pod priority class %q value %v; want %s (%d)", pod.Spec.PriorityClassName, pod.Spec.Priority, nodestack.PriorityClassName, pc.Value)
	}
	if pod.Spec.NodeName != cluster.NodeName {
		t.Fatalf("not scheduled onto the node: %q", pod.Spec.NodeName)
	}
}
