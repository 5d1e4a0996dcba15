package mutators_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/podresources"
)

// TestHostileQuantitiesAreDenied: a pod whose requests, limits or pod-level resources
// hold a quantity the apiserver accepts but no comparison can judge (Quantity.Cmp and
// Add on 10e2147483646 never return) is denied promptly, naming every such field, with
// every pattern requested — the QoS and pod-level checks of the sidecar and
// config-template injectors are exactly where the arithmetic would hang.
func TestHostileQuantitiesAreDenied(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	chain := mutators.New(cfg.Mutators, mutatorstest.Options())
	for _, q := range []string{"1e2147483647", "10e2147483646", "1e400", "9223372036854775808"} {
		for _, name := range []corev1.ResourceName{"cpu", "memory", "ephemeral-storage", "example.com/gpu"} {
			for where, pod := range hostilePods(name, resource.MustParse(q)) {
				t.Run(fmt.Sprintf("%s/%s/%s", q, name, where), func(t *testing.T) {
					req := mutators.NewRequest(pod, mutators.Namespace{Name: "ns",
						Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}})
					done := make(chan struct{})
					go func() { defer close(done); chain.Mutate(req) }()
					select {
					case <-done:
					case <-time.After(5 * time.Second):
						t.Fatal("Mutate did not return within 5s")
					}
					want := map[string]int{"guaranteed": 2}[where]
					if want == 0 {
						want = 1
					}
					if len(req.Report.Denials) != want {
						t.Errorf("want %d out-of-range denials, got %v", want, req.Report.Denials)
					}
					for _, d := range req.Report.Denials {
						if !strings.Contains(d.Error(), podresources.OutOfRangeDetail) {
							t.Errorf("want an out-of-range denial, got %v", d)
						}
					}
					if len(req.Report.Injected) != 0 {
						t.Errorf("nothing is injected into a denied pod, got %v", req.Report.Injected)
					}
				})
			}
		}
	}
}

// hostilePods puts q in a Guaranteed-looking pod (QoS checks) and under pod-level
// resources (fit checks), asking for every pattern.
func hostilePods(name corev1.ResourceName, q resource.Quantity) map[string]*corev1.Pod {
	ann := map[string]string{
		mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationAdapters: "prometheus-exporter",
		mutators.AnnotationAmbassadors: "redis", mutators.AnnotationConfigTemplate: "nginx",
		mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true",
	}
	base := corev1.ResourceList{"cpu": resource.MustParse("1"), "memory": resource.MustParse("1Gi")}
	withQ := base.DeepCopy()
	withQ[name] = q
	app := func(req, lim corev1.ResourceList) []corev1.Container {
		return []corev1.Container{{Name: "app", Image: "app", Resources: corev1.ResourceRequirements{Requests: req, Limits: lim}}}
	}
	pod := func(spec corev1.PodSpec) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Annotations: ann}, Spec: spec}
	}
	return map[string]*corev1.Pod{
		"request":         pod(corev1.PodSpec{Containers: app(withQ, base)}),
		"limit":           pod(corev1.PodSpec{Containers: app(base, withQ)}),
		"guaranteed":      pod(corev1.PodSpec{Containers: app(withQ, withQ)}),
		"pod-level-limit": pod(corev1.PodSpec{Containers: app(nil, nil), Resources: &corev1.ResourceRequirements{Limits: corev1.ResourceList{name: q}}}),
	}
}
