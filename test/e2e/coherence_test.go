package e2e

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/mutators"
)

// TestEveryPatternInABurstableNamespace: with both webhooks on a real apiserver, a pod
// that satisfies the burstable profile and asks for every pattern at once (config
// template, config image, sidecar, adapter, ambassador, Downward API, preStop) is admitted with all of
// them and no warning: podpatterns never denies, or warns about, what it injected.
func TestEveryPatternInABurstableNamespace(t *testing.T) {
	t.Parallel()
	labels := injected()
	labels[mutators.LabelProfile] = "burstable"
	ns := newNamespace(t, labels, nil)
	pod := podInNamespace("every-pattern", map[string]string{
		mutators.AnnotationConfigTemplate: "nginx",
		mutators.AnnotationConfigImage:    "app-config",
		mutators.AnnotationSidecars:       "log-shipper",
		mutators.AnnotationAdapters:       "prometheus-exporter",
		mutators.AnnotationAmbassadors:    "redis",
		mutators.AnnotationDownwardAPI:    "true",
		mutators.AnnotationPreStop:        "true",
	})
	q := resource.MustParse
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: q("100m"), corev1.ResourceMemory: q("128Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: q("200m"), corev1.ResourceMemory: q("128Mi")},
	}
	stored, warnings := mustCreatePod(t, ns, pod)
	if len(warnings) > 0 {
		t.Errorf("warnings %q", warnings)
	}
	status, ok := statusOf(stored)
	if !ok {
		t.Fatalf("no status annotation on %v", containerNames(stored))
	}
	for _, p := range []mutators.Pattern{mutators.PatternConfigTemplate, mutators.PatternConfigImage, mutators.PatternSidecar, mutators.PatternAdapter,
		mutators.PatternAmbassador, mutators.PatternDownwardAPI, mutators.PatternPreStop} {
		if len(status.Injected[p]) == 0 {
			t.Errorf("%s not injected: %+v", p, status)
		}
	}
	t.Logf("admitted with %v", containerNames(stored))
}
