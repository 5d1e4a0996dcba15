package podresources

import corev1 "k8s.io/api/core/v1"

// DefaultedForReading is Defaulted(pod) for a caller that only reads it: pod itself when
// defaulting would change nothing (no pod-level requests or limits, and every limit of
// every container and init container has its request, as in a pod the apiserver already
// defaulted: what a validating webhook sees), else Defaulted(pod). The caller must not
// change what it gets. TestDefaultedForReadingIsDefaulted compares both.
func DefaultedForReading(pod *corev1.Pod) *corev1.Pod {
	if defaultsNothing(pod) {
		return pod
	}
	return Defaulted(pod)
}

// defaultsNothing reports whether Defaulted(pod) equals pod: no step of it applies.
func defaultsNothing(pod *corev1.Pod) bool {
	if r := pod.Spec.Resources; r != nil && (len(r.Requests) > 0 || len(r.Limits) > 0) {
		return false // defaultPodLevel runs
	}
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if !requestsCoverLimits(&list[i].Resources) {
				return false
			}
		}
	}
	return true
}

// requestsCoverLimits: every limit has a request, so defaultRequestsToLimits adds none
// (nor makes an empty requests map next to limits).
func requestsCoverLimits(r *corev1.ResourceRequirements) bool {
	if r.Limits != nil && r.Requests == nil {
		return false
	}
	for name := range r.Limits {
		if _, ok := r.Requests[name]; !ok {
			return false
		}
	}
	return true
}
