// Package analyze is `podpatterns analyze`: what is wrong with podpatterns in a live
// cluster, found by running the admission core itself (admission.Pipeline) over what
// the cluster holds — each opted-in namespace's labels and defaults, each workload's pod
// template — plus the webhook configurations. Like `istioctl analyze`, it reports before
// a pod fails: a namespace naming a profile the config lacks, a pod template naming an
// unknown template, a template its namespace's Pod Security level refuses.
package analyze

import (
	"slices"
	"strings"
)

// Severity says whether a finding fails `podpatterns analyze` (error: exit 1).
type Severity string

// The severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Code names what a finding is; codes are stable (CI may filter on them).
type Code string

// Codes of findings that are not a skip of the admission core (those carry the skip
// reason as their code: unknown-template, pod-security, invalid-default, ...).
const (
	CodeUnknownProfile    Code = "unknown-profile"
	CodeInvalidMode       Code = "invalid-mode"
	CodeDenied            Code = "denied"
	CodeWebhookMissing    Code = "webhook-missing"
	CodeWebhookNoCABundle Code = "webhook-no-ca-bundle"
)

// Finding is one problem: what it is, on which object, and what podpatterns says.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	// Object is Namespace/NAME, NAMESPACE/KIND/NAME, or KIND/NAME for cluster objects.
	Object  string `json:"object"`
	Message string `json:"message"`
}

// Errors counts the findings that fail the analysis.
func Errors(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

// Sort orders findings by object, then code, then message: stable output for CI diffs.
func Sort(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Object, b.Object); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Code), string(b.Code)); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
}
