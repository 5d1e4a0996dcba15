package resourcequota

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// Usage is what pod counts against a quota, by quota resource name: its effective
// requests and limits (Kubernetes' defaulting applied, the RuntimeClass overhead
// added to the requests and to the limits it sets) and one pod.
func Usage(pod *corev1.Pod) corev1.ResourceList {
	d := podresources.Defaulted(pod)
	requests, limits := podresources.Requests(d), podresources.Limits(d)
	for name, q := range pod.Spec.Overhead {
		addTo(requests, name, q)
		if l, ok := limits[name]; ok && !l.IsZero() {
			addTo(limits, name, q)
		}
	}
	out := corev1.ResourceList{corev1.ResourcePods: *resource.NewQuantity(1, resource.DecimalSI)}
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage} {
		if q, ok := requests[name]; ok {
			out[name], out[corev1.ResourceName("requests."+string(name))] = q, q
		}
		if q, ok := limits[name]; ok {
			out[corev1.ResourceName("limits."+string(name))] = q
		}
	}
	for name, q := range requests {
		switch {
		case podresources.IsHugePages(name):
			out[name], out[corev1.ResourceName("requests."+string(name))] = q, q
		case strings.Contains(string(name), "/") && !strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix):
			out[corev1.ResourceName("requests."+string(name))] = q
		}
	}
	return out
}

// addTo adds q to list[name].
func addTo(list corev1.ResourceList, name corev1.ResourceName, q resource.Quantity) {
	sum, ok := list[name]
	if !ok {
		list[name] = q.DeepCopy()
		return
	}
	podresources.Add(&sum, q)
	list[name] = sum
}
