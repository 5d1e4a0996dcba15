package mutators

import schedulingv1 "k8s.io/api/scheduling/v1"

// The vocabulary the admission core, the mutators and the validators share (the
// validators import this package, never the reverse): the namespace as the request path
// knows it, the PriorityClass lookup, and which pattern each template kind is. Label and
// annotation keys are in keys.go.

// Namespace is what the server knows about the pod's namespace, from the informer cache
// (or the CLI's flags). It is the one shape of a namespace from the cache to every
// mutator and validator. Its annotations are defaults for the pod's own podpatterns.io
// annotations; its labels select the profile and opt into injection.
type Namespace struct {
	Name        string
	Labels      map[string]string
	Annotations map[string]string
}

// PriorityClassGetter finds PriorityClasses by name: client-go's PriorityClass informer
// lister in the server (no API call on the request path), a static set in the CLI. A
// missing class must be an error for which apierrors.IsNotFound is true.
type PriorityClassGetter interface {
	Get(name string) (*schedulingv1.PriorityClass, error)
}

// Pattern is the pattern that injects templates of kind k (what the status annotation
// records them under).
func (k TemplateKind) Pattern() Pattern { return kindWiring[k].pattern }
