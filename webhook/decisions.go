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

// detail is what a decision adds to the request's part of the log line.
type detail struct {
	pod                           *corev1.Pod
	injected, skipped, violations []string
	reason, revision              string
}

// mutationDetail describes a mutating decision.
func mutationDetail(pod *corev1.Pod, r *mutators.Report, revision, reason string) *detail {
	d := &detail{pod: pod, revision: revision, reason: reason}
	for _, in := range r.Injected {
		d.injected = append(d.injected, string(in.Pattern)+"/"+in.Template)
	}
	for _, s := range r.Skipped {
		d.skipped = append(d.skipped, fmt.Sprintf("%s/%s: %s", s.Pattern, s.Template, s.Reason))
	}
	return d
}

// validationDetail describes a validating decision.
func validationDetail(pod *corev1.Pod, res validators.Result, revision, reason string) *detail {
	d := &detail{pod: pod, revision: revision, reason: reason}
	for _, v := range res.Violations {
		d.violations = append(d.violations, fmt.Sprintf("%s (%s) at %s", v.Rule, res.Mode, v.Error.Field))
	}
	return d
}

// logDecision writes the decision line of one request.
func (h *Handlers) logDecision(webhook string, req *admissionv1.AdmissionRequest, out outcome, latency time.Duration) {
	if h.decisions == nil {
		return
	}
	var pod *corev1.Pod
	if out.detail != nil {
		pod = out.detail.pod
	}
	d := decisionlog.FromRequest(webhook, req, pod)
	d.Result, d.Latency = out.result, latency
	if out.detail != nil {
		d.Injected, d.Skipped, d.Violations = out.detail.injected, out.detail.skipped, out.detail.violations
		d.Reason, d.Revision = out.detail.reason, out.detail.revision
	}
	if d.Reason == "" && out.resp != nil && out.resp.Result != nil && !out.resp.Allowed {
		d.Reason = out.resp.Result.Message
	}
	h.decisions.Log(d)
}

// recordSkips emits the skip events of a real (not dry-run) pod creation.
func (h *Handlers) recordSkips(req *admissionv1.AdmissionRequest, pod *corev1.Pod, skips []mutators.Skip) {
	if h.skips == nil || len(skips) == 0 || (req.DryRun != nil && *req.DryRun) {
		return
	}
	h.skips.Skipped(req.Namespace, pod, skips)
}
