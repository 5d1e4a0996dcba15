package mutatorstest

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// AllPatternsPod is the two-container app pod of the performance harness (test/load)
// that selects every pattern of examples/config.yaml (admission's BenchmarkChainAndPatch,
// mutators' shared-objects guard).
func AllPatternsPod() *corev1.Pod {
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
