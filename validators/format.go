package validators

import (
	"fmt"
	"strings"
)

// Response is the admission answer for a Result. The /validate handler copies it into
// the AdmissionResponse and `podpatterns validate` prints it, so both say exactly the
// same thing.
type Response struct {
	// Allowed is false only in enforce mode with at least one violation.
	Allowed bool
	// Message is the denial message (DenialMessage), empty when allowed.
	Message string
	// Warnings are AdmissionResponse warnings (kubectl prints them).
	Warnings []string
	// AuditAnnotations are AdmissionResponse audit annotations.
	AuditAnnotations map[string]string
}

// Response turns the result into the answer for its mode: enforce denies with every
// violation in one message, warn admits with one warning per violation, audit admits
// with audit annotations. A namespace label problem (unknown profile, invalid mode) is
// never silent: in audit mode it is a warning as well.
func (r Result) Response() Response {
	resp := Response{Allowed: true}
	if len(r.Violations) == 0 {
		return resp
	}
	switch r.Mode {
	case ModeWarn:
		resp.Warnings = Warnings(r)
	case ModeAudit:
		resp.AuditAnnotations = AuditAnnotations(r)
		resp.Warnings = Warnings(Result{Profile: r.Profile, Mode: r.Mode, Violations: r.namespaceViolations()})
	default: // enforce; the chain never yields another mode
		resp.Allowed = false
		resp.Message = DenialMessage(r)
	}
	return resp
}

// DenialMessage is the one-message denial: the profile, the number of violations and each
// violation as "<field> (<rule>): <detail>", separated by "; ", the first
// MaxListedViolations of them, then "and N more violations". Empty when r has none.
//
//	podpatterns profile "standard" denied the pod (2 violations): spec.containers[0].resources.requests[cpu] (requests-required): not set (every container must request cpu); spec (qos-class): QoS class BestEffort is below the minimum Burstable: at least one container must request cpu or memory
func DenialMessage(r Result) string {
	if len(r.Violations) == 0 {
		return ""
	}
	listed := r.Violations[:min(len(r.Violations), MaxListedViolations)]
	lines := make([]string, len(listed), len(listed)+1)
	for i, v := range listed {
		lines[i] = v.String()
	}
	if more := len(r.Violations) - len(listed); more > 0 {
		lines = append(lines, moreThanListed(more))
	}
	return fmt.Sprintf("podpatterns profile %q denied the pod (%s): %s", r.Profile, count(len(r.Violations)), strings.Join(lines, "; "))
}

// Warnings returns one warning per violation: `podpatterns profile "<name>": <violation>`
// (kubectl prints warnings without the webhook's name, so each says where it comes from),
// within MaxWarnings and WarningRunes: past them the last warning says
// `podpatterns profile "<name>": and N more violations`.
func Warnings(r Result) []string {
	if len(r.Violations) == 0 {
		return nil
	}
	prefix := fmt.Sprintf("podpatterns profile %q: ", r.Profile)
	out := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		out[i] = prefix + v.String()
	}
	return boundWarnings(out, prefix)
}

// AuditAnnotations returns one annotation per violated rule, keyed by the bare rule name
// ("requests-required"), whose value lists that rule's violations ("<field>: <detail>",
// separated by "; "; the first MaxListedViolations, then "and N more violations"), plus
// "profile" naming the profile. The apiserver prefixes each key
// with the webhook's name (e.g. profiles.podpatterns.io/requests-required); a key with
// its own prefix would be dropped, as admission audit keys allow only one "/".
func AuditAnnotations(r Result) map[string]string {
	if len(r.Violations) == 0 {
		return nil
	}
	byRule := map[Rule][]string{}
	var order []Rule
	for _, v := range r.Violations {
		if _, seen := byRule[v.Rule]; !seen {
			order = append(order, v.Rule)
		}
		byRule[v.Rule] = append(byRule[v.Rule], v.Error.Field+": "+v.detail())
	}
	out := map[string]string{AuditKeyProfile: r.Profile}
	for _, rule := range order {
		lines := byRule[rule]
		if more := len(lines) - MaxListedViolations; more > 0 {
			lines = append(lines[:MaxListedViolations:MaxListedViolations], moreThanListed(more))
		}
		out[string(rule)] = strings.Join(lines, "; ")
	}
	return out
}

// AuditKeyProfile is the audit annotation key that names the profile.
const AuditKeyProfile = "profile"

// String renders the violation as "<field> (<rule>): <detail>".
func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s", v.Error.Field, v.Rule, v.detail())
}

// detail is the error's own detail, or the generic field.Error body when it has none.
func (v Violation) detail() string {
	if v.Error.Detail != "" {
		return v.Error.Detail
	}
	return v.Error.ErrorBody()
}

// namespaceViolations are the violations about the namespace's labels rather than the pod.
func (r Result) namespaceViolations() []Violation {
	var out []Violation
	for _, v := range r.Violations {
		if v.Rule == RuleUnknownProfile || v.Rule == RuleInvalidMode {
			out = append(out, v)
		}
	}
	return out
}

func count(n int) string {
	if n == 1 {
		return "1 violation"
	}
	return fmt.Sprintf("%d violations", n)
}
