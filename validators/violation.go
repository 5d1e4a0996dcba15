package validators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// Rule names a validation rule. Values are bounded: they are metric labels and audit
// annotation keys.
type Rule string

// Rules the chain itself applies; the validators define theirs next to their code.
const (
	// RuleUnknownProfile: the namespace names a profile the config does not define.
	RuleUnknownProfile Rule = "unknown-profile"
	// RuleInvalidMode: the namespace's profile-mode label is not enforce, warn or audit.
	RuleInvalidMode Rule = "invalid-mode"
	// RuleQuantityRange: a request, limit, pod-level value or overhead is beyond 2^63-1
	// base units (10e2147483646, as the apiserver re-encodes 1e2147483647): no comparison
	// can judge it, so the pod is judged on nothing else.
	RuleQuantityRange Rule = "quantity-range"
)

// Violation is one broken rule: which rule, and the field error (path, value, detail)
// the user reads.
type Violation struct {
	Rule  Rule
	Error *field.Error
}

// Request is one pod admission as the validators see it.
type Request struct {
	Pod *corev1.Pod
	// Namespace is the pod's namespace, in the one shape the request path uses.
	Namespace mutators.Namespace
}

// Result is the outcome of validating one pod against its namespace's profile.
type Result struct {
	// Profile is the profile name from the namespace label ("" when none).
	Profile string
	// Mode is the effective mode (namespace label, else the profile's default).
	Mode Mode
	// Violations lists every broken rule, in a stable order.
	Violations []Violation
}

// Errors returns the violations as a field.ErrorList (for messages and the CLI).
func (r Result) Errors() field.ErrorList {
	errs := make(field.ErrorList, 0, len(r.Violations))
	for _, v := range r.Violations {
		errs = append(errs, v.Error)
	}
	return errs
}
