package mutators

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/jsonenc"
	"github.com/podpatterns/podpatterns/podresources"
)

// Mutator is one mutating pattern. Mutate changes req.Pod (as request_write.go allows:
// never the input pod) and records what it did (or why it did not) in req.Report. It
// must be idempotent: run on its own output it changes nothing, judging by what is
// really in the pod (containers, volumes, env by name), never only by the status
// annotation.
type Mutator interface {
	// Name is a short stable name for logs.
	Name() string
	// Mutate applies the pattern to req.Pod.
	Mutate(req *Request)
}

// PatternAll labels skips that concern every pattern at once (the opt-out).
const PatternAll Pattern = "all"

// Chain runs the mutators in a fixed order and then writes the status annotation. A Chain
// is built once per config revision and shared by all requests: it is read-only.
type Chain struct {
	revision      string
	hash          templateHasher
	defaulters    []Mutator
	mutators      []Mutator
	finishers     []Mutator
	maxContainers int
	shared        *jsonenc.Shared // SharedJSON
	// revisionObjects are the injected objects the mutators built for this revision
	// (withSharedJSON), for TestChainLeavesSharedObjectsAlone.
	revisionObjects []any
}

// NewChain returns a chain that runs ms in order and stamps revision (the config's
// content hash) into the status annotation. ms only run in namespaces labelled
// podpatterns.io/inject=enabled.
func NewChain(revision string, ms ...Mutator) *Chain {
	return &Chain{revision: revision, mutators: ms, maxContainers: DefaultMaxContainers}
}

// WithDefaulters adds mutators that run before the others and also in namespaces that
// are not opted into injection: the webhook's defaults.podpatterns.io entry sends pods
// of namespaces that only name a profile, and those get the profile's defaults (the
// priority class), never an injected container.
func (c *Chain) WithDefaulters(ms ...Mutator) *Chain {
	c.defaulters = append(c.defaulters, ms...)
	return c
}

// WithTemplateHashes makes the status annotation record, per injected template, the
// hash of the config entry it came from (cfg.TemplateHash).
func (c *Chain) WithTemplateHashes(cfg *Config) *Chain {
	c.hash = cfg.precomputedHashes()
	return c
}

// WithFinishers adds mutators that run after the others, also in namespaces not opted
// into injection: profile defaults that must cover injected containers too (the
// readiness probe default).
func (c *Chain) WithFinishers(ms ...Mutator) *Chain {
	c.finishers = append(c.finishers, ms...)
	return c
}

// Revision is the config revision this chain was built from.
func (c *Chain) Revision() string { return c.revision }

// Mutate runs the defaulters, then (in namespaces opted into injection) every mutator
// on req.Pod unless the pod opted out, then updates the status annotation. Denials
// recorded by a mutator do not stop the others, so the user sees every problem at once.
func (c *Chain) Mutate(req *Request) {
	if optedOut(req) || outOfRange(req) || c.tooLarge(req) {
		return
	}
	for _, m := range c.defaulters {
		m.Mutate(req)
	}
	if req.Namespace.Labels[LabelInject] == InjectEnabled {
		planGrowth(req, c.mutators)
		req.security = podSecurityOf(req.Namespace.Labels, req.Pod)
		for _, m := range c.mutators {
			m.Mutate(req)
		}
	}
	for _, m := range c.finishers {
		m.Mutate(req)
	}
	if len(req.Report.Denials) == 0 {
		writeStatus(req, c.revision, req.Report.Injected, c.hash)
	}
}

// optedOut reports (and records) a podpatterns.io/inject=false opt-out. Any value other
// than "true" or "false" is denied rather than guessed at (a namespace default of
// another value injects nothing: SkipInvalidDefault).
func optedOut(req *Request) bool {
	v, ok := req.Annotation(AnnotationInject)
	if !ok {
		return false
	}
	switch v {
	case "false":
		req.Report.Skip(PatternAll, "", SkipOptedOut, false, "%s=false", AnnotationInject)
		return true
	case "true":
		return false
	}
	refuseValue(req, PatternAll, AnnotationInject, field.NotSupported(annotationSourcePath(req, AnnotationInject), clip(v), []string{"true", "false"}))
	return true
}

// outOfRange denies (and reports) a pod with a quantity no comparison can judge
// (podresources.CheckQuantities): the QoS and pod-level checks of the injectors would
// otherwise compare it.
func outOfRange(req *Request) bool {
	errs := podresources.CheckQuantities(req.Pod)
	for _, err := range errs {
		req.Report.Deny(err)
	}
	return len(errs) > 0
}

// annotationPath is the field path of a pod annotation, used in denials.
func annotationPath(key string) *field.Path {
	return field.NewPath("metadata", "annotations").Key(key)
}
