package podresources

import corev1 "k8s.io/api/core/v1"

// With is a pod with one more container, read without copying the pod: Extra inserted at
// index At of spec.initContainers (Init) or of spec.containers (0 <= At <= the list's
// length). A nil Extra is the pod as it is. The mutating webhook asks what an injection
// would do to a pod's resources before making it, once per injected template: copying
// and defaulting the whole pod for each question was a quarter of the all-patterns path.
type With struct {
	Pod   *corev1.Pod
	Extra *corev1.Container
	Init  bool
	At    int
}

// Without is w's pod as it is, without the extra container.
func (w With) Without() With { return With{Pod: w.Pod} }

// Len is the number of init containers (init) or containers of the pod with Extra.
func (w With) Len(init bool) int {
	n := len(w.list(init))
	if w.Extra != nil && w.Init == init {
		n++
	}
	return n
}

// Container is the i-th init container (init) or container of the pod with Extra.
func (w With) Container(init bool, i int) *corev1.Container {
	list := w.list(init)
	switch {
	case w.Extra == nil || w.Init != init || i < w.At:
		return &list[i]
	case i == w.At:
		return w.Extra
	}
	return &list[i-1]
}

func (w With) list(init bool) []corev1.Container {
	if init {
		return w.Pod.Spec.InitContainers
	}
	return w.Pod.Spec.Containers
}

// InRange reports whether CheckQuantities would find nothing out of range in the pod
// with Extra, without building the error list.
func (w With) InRange() bool {
	return allInRange(w.Pod) && (w.Extra == nil || requirementsInRange(&w.Extra.Resources))
}
