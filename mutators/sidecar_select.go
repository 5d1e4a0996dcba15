package mutators

import (
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// namesOnStack is how many selected names callers hold without allocating.
const namesOnStack = 4

// MaxSelectedTemplates caps the names in one podpatterns.io/sidecars, /adapters or
// /ambassadors value: a pod asking for more is denied rather than silently trimmed.
const MaxSelectedTemplates = 16

// notATemplateName explains a denied annotation value.
const notATemplateName = "not a template name: the value must be a comma-separated list of " +
	"template names from the podpatterns config (lowercase DNS labels such as log-shipper)"

// maxEchoedValue caps how much of a rejected annotation value a denial repeats, so a
// megabyte of garbage does not come back in the response.
const maxEchoedValue = 64

// selectedTemplates parses the effective value of key (the pod's own value, else the
// namespace default): a comma-separated list of template names, spaces around commas
// allowed, duplicates dropped, order kept. An empty value selects nothing (a pod can turn
// a namespace default off with ""). Any name that is not a DNS label, or more than
// MaxSelectedTemplates names, denies the pod; ok is false then and nothing is injected
// for this annotation.
//
// The names are appended to dst[:0]: callers pass a small slice of their own (on the
// stack, no allocation for up to namesOnStack names).
func selectedTemplates(dst []string, req *Request, key string) (names []string, ok bool) {
	names = dst[:0]
	value, found := req.Annotation(key)
	if !found || value == "" {
		return nil, true
	}
	if n := strings.Count(value, ",") + 1; n > MaxSelectedTemplates {
		refuseValue(req, patternOf(key), key, field.TooMany(annotationSourcePath(req, key), n, MaxSelectedTemplates))
		return nil, false
	}
	ok = true
	for part := range strings.SplitSeq(value, ",") { // no slice of parts: paths only for a denial
		name := strings.Trim(part, " ")
		if len(validation.IsDNS1123Label(name)) > 0 {
			refuseValue(req, patternOf(key), key, field.Invalid(annotationSourcePath(req, key), clip(name), notATemplateName))
			ok = false
			continue
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if !ok {
		return nil, false
	}
	return names, true
}

// annotationSourcePath is the field path of the annotation that decided key: the pod's
// own annotation, or the namespace's default (so the message sends the user to the
// object that must change).
func annotationSourcePath(req *Request, key string) *field.Path {
	if _, own := req.Pod.Annotations[key]; own {
		return annotationPath(key)
	}
	return field.NewPath("namespace", req.Namespace.Name, "annotations").Key(key)
}

// clip shortens s for echoing in a message.
func clip(s string) string {
	if len(s) <= maxEchoedValue {
		return s
	}
	return s[:maxEchoedValue] + "..."
}
