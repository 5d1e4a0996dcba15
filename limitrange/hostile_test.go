package limitrange

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// TestHostileQuantitiesAreBounded: a LimitRange or a container may hold any quantity
// the API accepts (1e2147483647 included); every rule answers, at once, and the absurd
// bound is above any ordinary limit.
func TestHostileQuantitiesAreBounded(t *testing.T) {
	huge, tiny := resource.MustParse("1e2147483647"), resource.MustParse("1n")
	ranges := Ranges{rangeOf("hostile",
		corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Max: corev1.ResourceList{"cpu": huge}, Min: corev1.ResourceList{"memory": tiny},
			MaxLimitRequestRatio: corev1.ResourceList{"memory": huge}},
		corev1.LimitRangeItem{Type: corev1.LimitTypePod, Max: corev1.ResourceList{"cpu": huge}})}
	c := &corev1.Container{Name: "c", Resources: corev1.ResourceRequirements{
		Requests: corev1.ResourceList{"cpu": resource.MustParse("1"), "memory": resource.MustParse("1Mi")},
		Limits:   corev1.ResourceList{"cpu": resource.MustParse("2"), "memory": resource.MustParse("2Mi")}}}
	if p := ranges.ContainerProblem(c); p != "" {
		t.Errorf("problem %q: nothing here breaks a bound", p)
	}
	pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{*c}}}
	if p := ranges.PodProblem(podresources.With{Pod: pod, Extra: c}); p != "" {
		t.Errorf("pod problem %q", p)
	}
	over := c.DeepCopy()
	over.Resources.Limits["memory"] = huge
	over.Resources.Requests["memory"] = tiny
	if p := ranges.ContainerProblem(over); p == "" {
		t.Error("a ratio of 1e2147483647 over 1n passes a bound of 1e2147483647")
	}
}
