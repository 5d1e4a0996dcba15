package podresources

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// sum is one resource's running total; has is false until something was added.
type sum struct {
	q   resource.Quantity
	has bool
}

// add is add (effective.go) for one resource: the first value clamped and copied, the
// next ones added to it.
func (s *sum) add(q resource.Quantity) {
	if !s.has {
		s.q, s.has = Clamp(q).DeepCopy(), true
		return
	}
	Add(&s.q, q)
}

// raise is raise (effective.go) for one resource.
func (s *sum) raise(other sum) {
	if other.has && (!s.has || Cmp(other.q, s.q) > 0) {
		s.q, s.has = other.q.DeepCopy(), true
	}
}

// aggregateOne is AggregateContainers for resource name of the pod with w's extra
// container, of the values of: the same steps in the same order, on one resource.
func aggregateOne(w With, name corev1.ResourceName, of func(*corev1.Container, corev1.ResourceName) (resource.Quantity, bool)) (resource.Quantity, bool) {
	var total, sidecarsSoFar, initPeak sum
	for i := range w.Len(false) {
		if q, ok := of(w.Container(false, i), name); ok {
			total.add(q)
		}
	}
	for i := range w.Len(true) {
		c := w.Container(true, i)
		own, ok := of(c, name)
		if IsRestartable(c) {
			if ok {
				total.add(own)
				sidecarsSoFar.add(own)
			}
			initPeak.raise(sidecarsSoFar)
			continue
		}
		var whileRunning sum
		if ok {
			whileRunning.add(own)
		}
		if sidecarsSoFar.has {
			whileRunning.add(sidecarsSoFar.q)
		}
		initPeak.raise(whileRunning)
	}
	total.raise(initPeak)
	return total.q, total.has
}
