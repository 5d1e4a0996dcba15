package mutators

import corev1 "k8s.io/api/core/v1"

// NewRequestInPlace is the request of the path MutatePod took before the copy on write
// (the reference of TestChainNeverWritesTheInput): the chain writes pod itself, which
// the caller deep-copied.
func NewRequestInPlace(pod *corev1.Pod, ns Namespace) *Request {
	return &Request{Pod: pod, Namespace: ns, owned: owned{annotations: true, containers: true, initContainers: true, volumes: true}}
}
