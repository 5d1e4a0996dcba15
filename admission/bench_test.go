package admission_test

import (
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// allPatternsPod is the two-container app pod of the performance harness (test/load)
// that selects every pattern of examples/config.yaml.
func allPatternsPod() *corev1.Pod {
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")},
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "web-", Namespace: "shop", Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{
				mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationAdapters: "prometheus-exporter",
				mutators.AnnotationAmbassadors: "redis", mutators.AnnotationConfigTemplate: "nginx",
				mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true",
			}},
		Spec: corev1.PodSpec{ServiceAccountName: "web", Containers: []corev1.Container{
			{Name: "nginx", Image: "nginx:1.27", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, Resources: res},
			{Name: "app", Image: "shop/web:1.4.2", Resources: res, Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}}},
		}},
	}
}

func examplePipeline(b *testing.B) *admission.Pipeline {
	data, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Parse("examples/config.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	return admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:bench"})
}

// BenchmarkChainAndPatch is MutatePod for the all-patterns pod: the copy of the pod, the
// six-pattern chain and the patch. Its allocs/op is the issue-12 target (≤ 50).
func BenchmarkChainAndPatch(b *testing.B) {
	p := examplePipeline(b)
	pod := allPatternsPod()
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	b.ReportAllocs()
	for b.Loop() {
		m, err := p.MutatePod(pod, ns)
		if err != nil || m.Patch == nil {
			b.Fatalf("no patch: %v", err)
		}
	}
}
