package mutators

import corev1 "k8s.io/api/core/v1"

// SharedObjects are the injected objects built once at package init and shared by every
// pod they are injected into, for TestChainLeavesSharedObjectsAlone.
func SharedObjects() any {
	return map[string]any{
		"podInfoVars":               podInfoVars,
		"renderArgs":                renderArgs,
		"renderMounts":              renderMounts,
		"restrictedSecurityContext": restrictedSecurityContext,
		"downwardAPIFixedItems":     downwardAPIFixedItems,
		"restartAlways":             restartAlways,
	}
}

// NewRequestInPlace is the request of the path MutatePod took before the copy on write
// (the reference of TestChainNeverWritesTheInput): the chain writes pod itself, which
// the caller deep-copied.
func NewRequestInPlace(pod *corev1.Pod, ns Namespace) *Request {
	return &Request{Pod: pod, Namespace: ns, owned: owned{annotations: true, containers: true, initContainers: true, volumes: true}}
}
