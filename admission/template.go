package admission

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// TemplateOutcome is what the workloads webhook answers for one pod template. Values
// are bounded: they are metric labels and the decision log's words.
type TemplateOutcome string

// The outcomes of CheckTemplate.
const (
	// TemplateClean: the pods would be admitted without a word.
	TemplateClean TemplateOutcome = "clean"
	// TemplateWarned: the pods would be admitted with warnings (warn mode, skipped
	// templates) or audit annotations; the workload gets the same.
	TemplateWarned TemplateOutcome = "warned"
	// TemplateWouldDeny: the pods would be denied; the profile's workloadMode is warn, so
	// the workload is admitted with one warning per problem.
	TemplateWouldDeny TemplateOutcome = "would-deny"
	// TemplateDenied: the pods would be denied and the profile's workloadMode is enforce.
	TemplateDenied TemplateOutcome = "denied"
)

// TemplateOutcomes lists every outcome (metrics export them at 0).
var TemplateOutcomes = []TemplateOutcome{TemplateClean, TemplateWarned, TemplateWouldDeny, TemplateDenied}

// TemplateCheck is the decision for a workload's pod template: the decision its pods
// would get, with every field path under the template's.
type TemplateCheck struct {
	Outcome TemplateOutcome
	// Warnings are what the workload's AdmissionResponse carries.
	Warnings []string
	// Denial is the denial message (TemplateDenied only): the pods' own, paths rewritten.
	Denial string
	// AuditAnnotations are the pods' audit annotations (audit mode).
	AuditAnnotations map[string]string
	// Profile is the namespace's profile ("" when none).
	Profile string
	// Mutation and Validation are the pods' decisions (Validation is zero when the
	// mutation denied the pod: the apiserver stops at the first denial).
	Mutation   Mutation
	Validation Validation
}

// CheckTemplate runs the decision a pod of a workload would get: the namespace's
// LimitRange defaults (AsAdmitted), MutatePod, then ValidatePod on the mutated pod, as
// the apiserver treats a pod created from the template. pod is built
// from the template (its metadata and spec; the workload's namespace); at is the
// template's path in the workload (spec.template, spec.jobTemplate.spec.template), which
// prefixes every pod field path in the messages. When pod is only a view of the fields
// decisions read (as /mutate's fast path decodes), whole returns the whole pod, needed
// once a pattern is selected; nil when pod is whole. The error is an internal failure
// or whole's.
func (p *Pipeline) CheckTemplate(pod *corev1.Pod, whole func() (*corev1.Pod, error), ns mutators.Namespace, at *field.Path) (TemplateCheck, error) {
	pod = p.AsAdmitted(pod, ns.Name) // the pods are created from it and defaulted before the webhooks
	m := Mutation{Pod: pod}
	if !p.Mutators.Idle(pod, ns) { // as /mutate: nothing selected, nothing to copy or diff
		var err error
		if whole != nil {
			if pod, err = whole(); err != nil {
				return TemplateCheck{}, err
			}
			pod = p.AsAdmitted(pod, ns.Name)
		}
		if m, err = p.MutatePod(pod, ns); err != nil {
			return TemplateCheck{}, err
		}
	}
	c := TemplateCheck{Mutation: m, Warnings: prefixed(at, m.Report.Warnings), Profile: ns.Labels[mutators.LabelProfile]}
	if m.Denied() {
		c.decide(p, denialMessage(under(at, m.Report.Denials)), mutationWarnings(at, m.Report.Denials))
		return c, nil
	}
	c.Validation = p.ValidatePod(m.Pod, ns)
	res := c.Validation.Result
	res.Violations = violationsUnder(at, res.Violations)
	answer := res.Response()
	switch {
	case !answer.Allowed:
		c.decide(p, answer.Message, wouldDenyWarnings(res))
	case len(answer.Warnings) > 0 || len(answer.AuditAnnotations) > 0:
		c.Warnings = append(c.Warnings, answer.Warnings...)
		c.AuditAnnotations, c.Outcome = answer.AuditAnnotations, TemplateWarned
	case len(c.Warnings) > 0:
		c.Outcome = TemplateWarned
	default:
		c.Outcome = TemplateClean
	}
	return c, nil
}

// decide settles a template whose pods would be denied: denied when the profile's
// workloadMode is enforce, else admitted with one warning per problem.
func (c *TemplateCheck) decide(p *Pipeline, denial string, warnings []string) {
	if profile, ok := p.Config.Profiles[c.Profile]; ok && profile.WorkloadMode == validators.ModeEnforce {
		c.Outcome, c.Denial = TemplateDenied, denial
		return
	}
	c.Outcome = TemplateWouldDeny
	c.Warnings = append(c.Warnings, warnings...)
}

// mutationWarnings are a mutation denial as warnings, one per problem, bounded like a
// warn-mode answer.
func mutationWarnings(at *field.Path, errs field.ErrorList) []string {
	const prefix = "podpatterns would deny its pods: "
	out := make([]string, len(errs))
	for i, err := range under(at, errs) {
		out[i] = prefix + err.Error()
	}
	return validators.BoundWarnings(out, prefix)
}

// wouldDenyWarnings are a profile denial as warnings, one per violation, bounded like a
// warn-mode answer (a template can break a rule once per container).
func wouldDenyWarnings(r validators.Result) []string {
	prefix := fmt.Sprintf("podpatterns profile %q would deny its pods: ", r.Profile)
	out := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		out[i] = prefix + v.String()
	}
	return validators.BoundWarnings(out, prefix)
}

// prefixed puts the template path in front of messages that carry no field path (the
// mutation's skip warnings).
func prefixed(at *field.Path, msgs []string) []string {
	out := make([]string, len(msgs))
	for i, msg := range msgs {
		out[i] = at.String() + ": " + msg
	}
	return out
}

// violationsUnder returns copies of vs whose pod field paths are under at.
func violationsUnder(at *field.Path, vs []validators.Violation) []validators.Violation {
	out := make([]validators.Violation, len(vs))
	for i, v := range vs {
		out[i] = validators.Violation{Rule: v.Rule, Error: errorUnder(at, v.Error)}
	}
	return out
}

// under returns copies of errs whose pod field paths are under at.
func under(at *field.Path, errs field.ErrorList) field.ErrorList {
	out := make(field.ErrorList, len(errs))
	for i, err := range errs {
		out[i] = errorUnder(at, err)
	}
	return out
}

// errorUnder moves a pod field path (spec..., metadata...) under at; paths outside the
// pod (the namespace's labels) stay as they are.
func errorUnder(at *field.Path, err *field.Error) *field.Error {
	moved := *err
	if err.Field == "spec" || err.Field == "metadata" || strings.HasPrefix(err.Field, "spec.") ||
		strings.HasPrefix(err.Field, "metadata.") {
		moved.Field = at.String() + "." + err.Field
	}
	return &moved
}
