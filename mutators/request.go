package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/limitrange"
)

// Request is one pod admission as the mutators see it. Mutators build the mutated pod in
// Pod and record what they did in Report; they must not keep references to either.
//
// Pod starts as a shallow copy of the pod given to NewRequest (the input), sharing its
// maps, slices and pointers, so a pass that changes little copies little. The chain never
// writes the input (the patch is the diff from it): mutators read Pod freely but write it
// only as request_write.go allows (TestChainNeverWritesTheInput).
type Request struct {
	// Pod is the pod being built; read it freely, write it through the Request's
	// write helpers (request_write.go).
	Pod *corev1.Pod
	// Namespace is the pod's namespace as the informer cache knows it.
	Namespace Namespace
	// Report collects injections, skips, warnings and denials for the response,
	// the status annotation, logs and metrics.
	Report Report

	// pod holds Pod's shallow copy (one allocation with the Request).
	pod corev1.Pod
	// owned says which parts of Pod are the request's own copies, written in place.
	owned owned
	// grow is how much the chain expects to add (Chain.plan): the lists it grows are
	// grown once.
	grow growth
	// security holds the namespace's Pod Security levels the pod met before the chain
	// (podsecurity.go): injections are judged against them.
	security podSecurity
	// ranges are the namespace's LimitRanges, read once (rangeFit.of).
	ranges     limitrange.Ranges
	rangesRead bool
	// injectedEnv counts, per container, the vars this request put before the user's
	// env entries (addEnv); envStack holds the first few without an allocation.
	injectedEnv []envFront
	envStack    [appsOnStack]envFront
}

// owned lists the parts of Pod that are the request's own, not the input's.
type owned struct {
	annotations, containers, initContainers, volumes bool
}

// NewRequest returns a Request for pod in ns, with an empty report. The chain never
// writes pod: the mutated pod is req.Pod, sharing with pod what the chain left as it was.
func NewRequest(pod *corev1.Pod, ns Namespace) *Request {
	r := &Request{Namespace: ns, pod: *pod}
	r.Pod = &r.pod
	r.injectedEnv = r.envStack[:0]
	clipLists(&r.pod.Spec)
	return r
}

// clipLists clips the pod's lists a mutator could append to, so that an append copies
// rather than writing into the input's spare capacity (where the input's DeepEqual
// cannot see it, nor TestChainNeverWritesTheInput).
func clipLists(spec *corev1.PodSpec) {
	spec.Containers, spec.InitContainers = slices.Clip(spec.Containers), slices.Clip(spec.InitContainers)
	spec.Volumes, spec.Tolerations = slices.Clip(spec.Volumes), slices.Clip(spec.Tolerations)
	spec.ImagePullSecrets = slices.Clip(spec.ImagePullSecrets)
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
