package main

import (
	"encoding/json"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/policyreport"
	"github.com/podpatterns/podpatterns/validators"
)

// verdicts is where validate puts each document's verdict: text lines, or a report.
type verdicts interface {
	// mutated gets the mutating webhook's warnings, before the verdict.
	mutated(d *document, warnings []string)
	denied(d *document, profile, message string)
	validated(d *document, v admission.Validation)
	// workload gets a workload's template check and reports whether it is denied.
	workload(d *document, c admission.TemplateCheck) bool
}

// textVerdicts print the webhooks' own messages, one line each.
type textVerdicts struct{ out io.Writer }

func (t textVerdicts) mutated(d *document, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(t.out, "%s: Warning: %s\n", d.name(), w)
	}
}

func (t textVerdicts) denied(d *document, _, message string) {
	fmt.Fprintf(t.out, "%s: denied: %s\n", d.name(), message)
}

func (t textVerdicts) validated(d *document, v admission.Validation) {
	if len(v.Violations) == 0 {
		fmt.Fprintf(t.out, "%s: ok\n", d.name())
		return
	}
	printAnswer(t.out, d.name(), v.Answer)
}

// workload prints what /validate-workloads answers: its warnings and audit annotations,
// then the denial or ok.
func (t textVerdicts) workload(d *document, c admission.TemplateCheck) bool {
	denied := c.Outcome == admission.TemplateDenied
	printAnswer(t.out, d.name(), validators.Response{Allowed: !denied, Message: c.Denial, Warnings: c.Warnings, AuditAnnotations: c.AuditAnnotations})
	if c.Outcome == admission.TemplateClean {
		fmt.Fprintf(t.out, "%s: ok\n", d.name())
	}
	return denied
}

// reportVerdicts fill a PolicyReport, one result per document.
type reportVerdicts struct {
	*policyreport.Report
	namespace string // of documents that name none
}

// mutated: a PolicyReport holds policy results; the mutating webhook's warnings are not.
func (r reportVerdicts) mutated(*document, []string) {}

func (r reportVerdicts) denied(d *document, profile, message string) {
	r.AddDenial(r.ref(d), profile, message)
}

func (r reportVerdicts) validated(d *document, v admission.Validation) {
	msg := v.Answer.Message
	if msg == "" && len(v.Answer.Warnings) > 0 {
		msg = v.Answer.Warnings[0]
	}
	r.AddValidation(r.ref(d), v.Result, msg)
}

// workload: a denial where the webhook denies, else the pods' validation (the warnings
// of a would-deny template name its paths under the template).
func (r reportVerdicts) workload(d *document, c admission.TemplateCheck) bool {
	switch {
	case c.Outcome == admission.TemplateDenied:
		r.AddDenial(r.ref(d), c.Profile, c.Denial)
		return true
	case c.Mutation.Denied(): // the pods would be denied; the workload is admitted (warn)
		r.AddDenial(r.ref(d), c.Profile, c.Mutation.Denial)
		return false
	}
	msg := ""
	if len(c.Warnings) > 0 {
		msg = c.Warnings[0]
	}
	r.AddValidation(r.ref(d), c.Validation.Result, msg)
	return false
}

// ref names the document as a PolicyReport resource.
func (r reportVerdicts) ref(d *document) corev1.ObjectReference {
	meta, _ := d.obj["metadata"].(map[string]any)
	ref := corev1.ObjectReference{Kind: d.kind(), Namespace: r.namespace}
	ref.APIVersion, _ = d.obj["apiVersion"].(string)
	ref.Name, _ = meta["name"].(string)
	if ns, _ := meta["namespace"].(string); ns != "" {
		ref.Namespace = ns
	}
	return ref
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// writeDocumentsJSON prints one document as its JSON object, several as a v1 List (what
// kubectl prints for several objects with -o json).
func writeDocumentsJSON(w io.Writer, docs []*document) error {
	if len(docs) == 1 {
		return writeJSON(w, docs[0].obj)
	}
	items := make([]map[string]any, len(docs))
	for i, d := range docs {
		items[i] = d.obj
	}
	return writeJSON(w, map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
}
