package mutators_test

import (
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// manyContainers is a pod with n app containers asking for every pattern: every
// container would get env, mounts and a preStop hook, so the patch grows with n.
func manyContainers(n int) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "big", Annotations: map[string]string{
		mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true",
	}}}
	for i := range n {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: fmt.Sprintf("c%d", i), Image: "app"})
	}
	return pod
}

// TestTooManyContainersSkipsInjection: above MaxContainers the chain injects nothing,
// says why in one warning and one skip, and changes nothing — in bounded time even for
// 20,000 containers (whose patch was 37.7 MB before).
func TestTooManyContainersSkipsInjection(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	opts := mutatorstest.Options()
	opts.MaxContainers = 50
	chain := mutators.New(cfg.Mutators, opts)
	ns := mutators.Namespace{Name: "ns", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	for _, n := range []int{51, 20000} {
		pod := manyContainers(n)
		req := mutators.NewRequest(pod.DeepCopy(), ns)
		done := make(chan struct{})
		go func() { defer close(done); chain.Mutate(req) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d containers: Mutate did not return within 10s", n)
		}
		r := req.Report
		want := fmt.Sprintf("the pod has %d containers, more than the %d podpatterns mutates", n, 50)
		if len(r.Injected) != 0 || len(r.Skipped) != 1 || r.Skipped[0].Reason != mutators.SkipTooLarge || r.Skipped[0].Message != want || len(r.Warnings) != 1 {
			t.Errorf("%d containers: report %+v, want one %s skip %q with a warning", n, r, mutators.SkipTooLarge, want)
		}
		if len(req.Pod.Spec.Containers) != n || len(req.Pod.Annotations) != len(pod.Annotations) {
			t.Errorf("%d containers: the pod was changed", n)
		}
	}
	req := mutators.NewRequest(manyContainers(50), ns) // at the limit: injected as usual
	chain.Mutate(req)
	if len(req.Report.Injected) == 0 {
		t.Errorf("50 containers: nothing injected, report %+v", req.Report)
	}
}
