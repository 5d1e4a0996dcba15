package webhook

import (
	"fmt"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// SkipRecorder turns skipped injections into Kubernetes Events (skipevents.Recorder).
type SkipRecorder interface {
	Skipped(namespace string, pod *corev1.Pod, skips []mutators.Skip)
}

// LogDecisions makes the handlers write one line per decision to l (nil: none).
func (h *Handlers) LogDecisions(l *decisionlog.Logger) { h.decisions = l }

// RecordSkips makes the handlers emit Events for skipped injections through r (nil: none).
func (h *Handlers) RecordSkips(r SkipRecorder) { h.skips = r }

// detail is what a decision adds to the request's part of the log line. The lists are
// written out (lines) only for a line the decision log writes: most lines of a busy
// webhook are rate-limited away, and building them cost the all-six request eleven
// allocations.
type detail struct {
	pod              *corev1.Pod
	report           mutators.Report   // a mutation's injections and skips
	result           validators.Result // a validation's violations
	reason, revision string
}

// mutationDetail describes a mutating decision.
func mutationDetail(pod *corev1.Pod, r *mutators.Report, revision, reason string) *detail {
	return &detail{pod: pod, report: *r, revision: revision, reason: reason}
}

// validationDetail describes a validating decision.
func validationDetail(pod *corev1.Pod, res validators.Result, revision, reason string) *detail {
	return &detail{pod: pod, result: res, revision: revision, reason: reason}
}

// lines returns the decision line's injected, skipped and violations lists.
func (d *detail) lines() (injected, skipped, violations []string) {
	for _, in := range d.report.Injected {
		injected = append(injected, string(in.Pattern)+"/"+in.Template)
	}
	for _, s := range d.report.Skipped {
		skipped = append(skipped, fmt.Sprintf("%s/%s: %s", s.Pattern, s.Template, s.Reason))
	}
	for _, v := range d.result.Violations {
		violations = append(violations, fmt.Sprintf("%s (%s) at %s", v.Rule, d.result.Mode, v.Error.Field))
	}
	return injected, skipped, violations
}

// logDecision writes the decision line of one request (built only when it is written).
func (h *Handlers) logDecision(webhook string, req *admissionv1.AdmissionRequest, out outcome, latency time.Duration) {
	if h.decisions == nil {
		return
	}
	h.decisions.LogBuilt(out.result, func() decisionlog.Decision { return decision(webhook, req, &out, latency) })
}

// decision is the decision line of one request.
func decision(webhook string, req *admissionv1.AdmissionRequest, out *outcome, latency time.Duration) decisionlog.Decision {
	var pod *corev1.Pod
	if out.detail != nil {
		pod = out.detail.pod
	}
	d := decisionlog.FromRequest(webhook, req, pod)
	d.Result, d.Latency = out.result, latency
	if out.detail != nil {
		d.Injected, d.Skipped, d.Violations = out.detail.lines()
		d.Reason, d.Revision = out.detail.reason, out.detail.revision
	}
	if d.Reason == "" && out.resp != nil && out.resp.Result != nil && !out.resp.Allowed {
		d.Reason = out.resp.Result.Message
	}
	return d
}

// recordSkips emits the skip events of a real (not dry-run) pod creation.
func (h *Handlers) recordSkips(req *admissionv1.AdmissionRequest, pod *corev1.Pod, skips []mutators.Skip) {
	if h.skips == nil || len(skips) == 0 || (req.DryRun != nil && *req.DryRun) {
		return
	}
	h.skips.Skipped(req.Namespace, pod, skips)
}
