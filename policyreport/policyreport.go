// Package policyreport is `podpatterns validate -o json`: one result per document in the
// shape of the Kubernetes Policy WG's PolicyReport (wgpolicyk8s.io/v1alpha2, what Kyverno
// writes), so CI pipelines and report tooling read podpatterns like any policy engine.
package policyreport

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/validators"
)

// Result values, as in the PolicyReport API.
const (
	Pass  = "pass"
	Fail  = "fail"
	Warn  = "warn"
	Error = "error"
)

// Source is every result's source.
const Source = "podpatterns"

// Report is a PolicyReport.
type Report struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Summary           Summary  `json:"summary"`
	Results           []Result `json:"results"`
}

// Summary counts the results by value.
type Summary struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Error int `json:"error"`
	Skip  int `json:"skip"`
}

// Result is one document's verdict: policy is the profile, rule the first broken rule
// (all of them, with their field paths, are in properties), resources the document.
type Result struct {
	Source     string                   `json:"source"`
	Policy     string                   `json:"policy"`
	Rule       string                   `json:"rule,omitempty"`
	Result     string                   `json:"result"`
	Message    string                   `json:"message,omitempty"`
	Scored     bool                     `json:"scored"`
	Resources  []corev1.ObjectReference `json:"resources"`
	Properties map[string]string        `json:"properties,omitempty"`
}

// New returns an empty report.
func New() *Report {
	return &Report{
		TypeMeta:   metav1.TypeMeta{APIVersion: "wgpolicyk8s.io/v1alpha2", Kind: "PolicyReport"},
		ObjectMeta: metav1.ObjectMeta{Name: "podpatterns-validate"},
		Results:    []Result{},
	}
}

// AddValidation records a document judged by the profile: pass without violations; with
// them fail (enforce and audit: the rules were broken, audit just does not block) or warn.
func (r *Report) AddValidation(ref corev1.ObjectReference, res validators.Result, message string) {
	out := Result{Source: Source, Policy: res.Profile, Result: Pass, Scored: true, Resources: []corev1.ObjectReference{ref}}
	if len(res.Violations) > 0 {
		out.Result = Fail
		if res.Mode == validators.ModeWarn {
			out.Result = Warn
		}
		out.Rule = string(res.Violations[0].Rule)
		out.Message = message
		out.Properties = map[string]string{"mode": string(res.Mode)}
		for i, v := range res.Violations {
			out.Properties[fmt.Sprintf("violation.%d", i)] = fmt.Sprintf("%s: %s", v.Rule, v.Error.Error())
		}
	}
	r.add(out)
}

// AddDenial records a document the mutating webhook would deny (an annotation value it
// refuses) before any profile is applied.
func (r *Report) AddDenial(ref corev1.ObjectReference, profile, message string) {
	r.add(Result{Source: Source, Policy: profile, Rule: "mutation", Result: Fail, Message: message, Scored: true,
		Resources: []corev1.ObjectReference{ref}})
}

func (r *Report) add(res Result) {
	r.Results = append(r.Results, res)
	switch res.Result {
	case Pass:
		r.Summary.Pass++
	case Fail:
		r.Summary.Fail++
	case Warn:
		r.Summary.Warn++
	case Error:
		r.Summary.Error++
	}
}
