package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// place is where an injector puts a container: index of spec.initContainers (init) or
// of spec.containers. The breaks-profile check reads the pod with the container there
// (podresources.With) before insertAt puts it there, so both see the same place.
type place struct {
	init  bool
	index int
}

// insertAt inserts a copy of c into the pod at p.
func insertAt(pod *corev1.Pod, c *corev1.Container, p place) {
	if p.init {
		pod.Spec.InitContainers = slices.Insert(pod.Spec.InitContainers, p.index, *c)
		return
	}
	pod.Spec.Containers = slices.Insert(pod.Spec.Containers, p.index, *c)
}
