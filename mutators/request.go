package mutators

import corev1 "k8s.io/api/core/v1"

// Request is one pod admission as the mutators see it. Mutators change Pod in place and
// record what they did in Report; they must not keep references to either.
type Request struct {
	// Pod is the pod being created; mutators change it in place.
	Pod *corev1.Pod
	// Namespace is the pod's namespace as the informer cache knows it.
	Namespace Namespace
	// Report collects injections, skips, warnings and denials for the response,
	// the status annotation, logs and metrics.
	Report Report
}

// NewRequest returns a Request for pod in ns, with an empty report.
func NewRequest(pod *corev1.Pod, ns Namespace) *Request {
	return &Request{Pod: pod, Namespace: ns}
}

// Annotation returns the effective value of a podpatterns.io annotation: the pod's own
// value wins, the namespace's value is the default. ok is false when neither sets it.
func (r *Request) Annotation(key string) (value string, ok bool) {
	if v, found := r.Pod.Annotations[key]; found {
		return v, true
	}
	v, found := r.Namespace.Annotations[key]
	return v, found
}
