package mutators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Pattern names a mutating pattern. Values are bounded and used as metric labels.
type Pattern string

// The mutating patterns (docs/design.md lists them with their annotations).
const (
	PatternSidecar        Pattern = "sidecar"
	PatternAdapter        Pattern = "adapter"
	PatternAmbassador     Pattern = "ambassador"
	PatternConfigTemplate Pattern = "config-template"
	PatternConfigImage    Pattern = "config-image"
	PatternDownwardAPI    Pattern = "downward-api"
	PatternPreStop        Pattern = "prestop"
	PatternPriorityClass  Pattern = "priority-class"
)

// SkipReason says why a requested or default injection did not happen. Values are
// bounded and reused verbatim in logs, metrics and warnings.
type SkipReason string

// Skip reasons shared by the mutators.
const (
	// SkipOptedOut: the pod or its namespace set podpatterns.io/inject=false.
	SkipOptedOut SkipReason = "opted-out"
	// SkipUnknownTemplate: an annotation names a template the config does not define.
	SkipUnknownTemplate SkipReason = "unknown-template"
	// SkipWrongKind: an annotation names a template of another kind (e.g. an adapter in podpatterns.io/sidecars).
	SkipWrongKind SkipReason = "wrong-kind"
	// SkipNameConflict: the pod already has a container, volume or port the template would add.
	SkipNameConflict SkipReason = "name-conflict"
	// SkipQoSIncompatible: injecting would downgrade a Guaranteed pod's QoS class.
	SkipQoSIncompatible SkipReason = "qos-incompatible"
	// SkipDisabled: the pattern is turned off for this pod or by the config.
	SkipDisabled SkipReason = "disabled"
	// SkipNotApplicable: nothing in the pod for the pattern to act on.
	SkipNotApplicable SkipReason = "not-applicable"
	// SkipTooLarge: the pod has more containers than Options.MaxContainers; nothing is
	// injected, so the work and the patch of one request stay bounded.
	SkipTooLarge SkipReason = "too-large"
)

// Injection records one template (or pattern instance) applied to the pod.
type Injection struct {
	Pattern  Pattern
	Template string
}

// Skip records an injection that was requested or defaulted but not done, and why.
type Skip struct {
	Pattern  Pattern
	Template string
	Reason   SkipReason
	Message  string
}

// Report is what one pass of the chain did. The webhook turns it into the status
// annotation, AdmissionResponse warnings, metrics and, when Denials is not empty, a denial.
type Report struct {
	Injected []Injection
	Skipped  []Skip
	Warnings []string
	// Denials are annotation values that are not allowed (for example a name that is not
	// a DNS label): the pod is rejected with every one of them listed.
	Denials field.ErrorList
	// Plan is the pod's termination plan when the preStop pattern shaped its
	// termination (shapeTermination); the status annotation records it.
	Plan *TerminationPlan
}

// Inject records that pattern injected template.
func (r *Report) Inject(p Pattern, template string) {
	if r.Injected == nil {
		r.Injected = make([]Injection, 0, 8) // every pattern once without growing
	}
	r.Injected = append(r.Injected, Injection{Pattern: p, Template: template})
}

// Skip records a skipped injection; the message also becomes an AdmissionResponse
// warning when warn is true (requested by the user, so the user should hear about it).
func (r *Report) Skip(p Pattern, template string, reason SkipReason, warn bool, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.Skipped = append(r.Skipped, Skip{Pattern: p, Template: template, Reason: reason, Message: msg})
	if warn {
		r.Warnings = append(r.Warnings, fmt.Sprintf("podpatterns: %s %q not injected (%s): %s", p, template, reason, msg))
	}
}

// Deny records a rejected annotation value; the pod will be denied.
func (r *Report) Deny(err *field.Error) {
	for _, have := range r.Denials {
		if have.Error() == err.Error() {
			return // several injectors read one annotation (podpatterns.io/init-env): one denial
		}
	}
	r.Denials = append(r.Denials, err)
}

// Changed reports whether anything was injected in this pass.
func (r *Report) Changed() bool { return len(r.Injected) > 0 }
