package e2enode

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// needPriorityClass creates the class the "prioritised" profile defaults (deleted when
// the test ends) and waits until the webhook's informer knows it: a dry-run pod in ns
// gets it.
func needPriorityClass(t *testing.T, ns string) *schedulingv1.PriorityClass {
	t.Helper()
	pc := &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: nodestack.PriorityClassName}, Value: 4242}
	_, err := env.Cluster.Client.SchedulingV1().PriorityClasses().Create(ctxFor(t, 10*time.Second), pc, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = env.Cluster.Client.SchedulingV1().PriorityClasses().Delete(context.Background(), nodestack.PriorityClassName, metav1.DeleteOptions{})
	})
	probe := nodestack.AgnhostPod("priority-probe", "pause")
	probe.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: resources("10m", "16Mi")}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		p, err := env.Cluster.Client.CoreV1().Pods(ns).Create(ctxFor(t, 10*time.Second), probe, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err == nil && p.Spec.PriorityClassName == nodestack.PriorityClassName {
			return pc
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the webhook does not default %s in %s within 30 s", nodestack.PriorityClassName, ns)
	return nil
}

// freeCPU is the node's allocatable CPU minus what its pods request.
func freeCPU(t *testing.T) int64 {
	t.Helper()
	ctx := ctxFor(t, 10*time.Second)
	node, err := env.Cluster.Client.CoreV1().Nodes().Get(ctx, cluster.NodeName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	free := node.Status.Allocatable.Cpu().MilliValue()
	pods, err := env.Cluster.Client.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + cluster.NodeName})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		if p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed {
			continue
		}
		for _, c := range append(append([]corev1.Container{}, p.Spec.InitContainers...), p.Spec.Containers...) {
			free -= c.Resources.Requests.Cpu().MilliValue()
		}
	}
	return free
}

// cpuPod is agnhost pause requesting milli CPU (Burstable: the profile's minimum).
func cpuPod(name string, milli int64) *corev1.Pod {
	p := nodestack.AgnhostPod(name, "pause")
	p.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: corev1.ResourceList{
		corev1.ResourceCPU: *resource.NewMilliQuantity(milli, resource.DecimalSI), corev1.ResourceMemory: mustQuantity("16Mi"),
	}}
	return p
}

// TestDefaultedPriorityPreempts: a low-priority pod takes the node's free CPU; a pod that
// needs the same CPU and names no PriorityClass stays Pending in a namespace without a
// profile (the negative control: equal priority, no preemption), and in a namespace whose
// profile defaults the class it preempts the low one and runs.
func TestDefaultedPriorityPreempts(t *testing.T) {
	needRelease(t)
	prioritised := newNamespace(t, "preemptor", map[string]string{mutators.LabelProfile: "prioritised"})
	needPriorityClass(t, prioritised)
	plain := newNamespace(t, "preempted", nil)
	share := freeCPU(t) - 50
	if share < 100 {
		t.Fatalf("only %dm CPU free on the node", share+50)
	}
	low := runPod(t, plain, cpuPod("low", share))

	control, err := env.Cluster.Client.CoreV1().Pods(plain).Create(ctxFor(t, 10*time.Second), cpuPod("same-priority", share), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Second)
	if p, err := env.Cluster.Client.CoreV1().Pods(plain).Get(ctxFor(t, 10*time.Second), control.Name, metav1.GetOptions{}); err != nil || p.Spec.NodeName != "" {
		t.Fatalf("negative control: a pod of equal priority was scheduled (%v): the node is not full", err)
	}
	deletePod(t, plain, control.Name)

	begin := time.Now()
	high := waitPodCreated(t, prioritised, cpuPod("high", share))
	if high.Spec.PriorityClassName != nodestack.PriorityClassName || high.Spec.Priority == nil || *high.Spec.Priority != 4242 {
		t.Fatalf("the high pod has class %q priority %v; the profile defaults %s (4242)", high.Spec.PriorityClassName, high.Spec.Priority, nodestack.PriorityClassName)
	}
	waitGone(t, plain, low.Name, 2*time.Minute)
	waitPod(t, prioritised, high.Name, 2*time.Minute, "Running on the node", nodestack.Running)
	logf("preemption: the defaulted class's pod evicted the low-priority pod and ran in %s", nodestack.Since(begin))
}

func waitPodCreated(t *testing.T, ns string, pod *corev1.Pod) *corev1.Pod {
	t.Helper()
	p, err := env.Cluster.Client.CoreV1().Pods(ns).Create(ctxFor(t, 30*time.Second), pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
