package mutators

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

// TestExceedsPodLevelRule states the pod-level sums a new container must fit (until now
// only golden bytes held them): app containers, native sidecars and the new container
// add up against the pod-level request (a request written as a limit only counts as
// that limit); regular init containers run before and do not add; a limit above the
// pod-level limit is refused on its own.
func TestExceedsPodLevelRule(t *testing.T) {
	res := func(req, lim string) corev1.ResourceRequirements {
		r := corev1.ResourceRequirements{}
		if req != "" {
			r.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(req)}
		}
		if lim != "" {
			r.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(lim)}
		}
		return r
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Resources:  &corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}, Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")}},
		Containers: []corev1.Container{{Name: "app", Resources: res("400m", "")}},
		InitContainers: []corev1.Container{{Name: "native", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways), Resources: res("", "200m")},
			{Name: "regular", Resources: res("900m", "")}},
	}}
	for _, tc := range []struct {
		name string
		new  corev1.ResourceRequirements
		want string // "" fits, else a part of the message
	}{
		{"sum exactly the pod request", res("400m", ""), ""},
		{"one millicore over", res("401m", ""), "the containers would request 1001m of cpu, more than the pod-level request 1"},
		{"a limit-only container counts its limit", res("", "401m"), "would request 1001m"},
		{"a limit above the pod's", res("100m", "3"), "its cpu limit 3 exceeds the pod-level limit 2"},
		{"nothing asked", corev1.ResourceRequirements{}, ""},
	} {
		got := exceedsPodLevel(pod, &corev1.Container{Name: "new", Resources: tc.new})
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
