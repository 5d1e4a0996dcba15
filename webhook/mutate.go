package webhook

import (
	"context"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// mutate answers one /mutate request with the admission core's decision: one patch
// computed from the original and the mutated pod, or the denial.
func (h *Handlers) mutate(ctx context.Context, req *admissionv1.AdmissionRequest) outcome {
	pod, ns, done := h.podAndNamespace(ctx, req, podCreate)
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	m, err := p.MutatePod(pod, ns)
	h.recordReport(&m.Report)
	if err != nil {
		return notDecided(req, http.StatusInternalServerError, ResultError, err)
	}
	if m.Denied() {
		resp := Denied(req.UID, http.StatusForbidden, metav1.StatusReasonForbidden, m.Denial)
		resp.Warnings = m.Report.Warnings
		return outcome{resp: resp, status: http.StatusOK, result: ResultDenied, detail: mutationDetail(pod, &m.Report, p.Revision(), m.Denial)}
	}
	h.recordSkips(req, pod, m.Report.Skipped)
	resp := Patched(req.UID, m.Patch)
	resp.Warnings = m.Report.Warnings
	result := ResultAllowed
	switch {
	case m.Patch != nil:
		result = ResultPatched
	case len(resp.Warnings) > 0:
		result = ResultWarned
	}
	h.log.V(1).Info("mutated", "namespace", req.Namespace, "uid", req.UID, "revision", p.Revision(),
		"injected", len(m.Report.Injected), "skipped", len(m.Report.Skipped), "patchBytes", len(m.Patch))
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: mutationDetail(pod, &m.Report, p.Revision(), "")}
}

// recordReport counts injections and skips.
func (h *Handlers) recordReport(r *mutators.Report) {
	for _, in := range r.Injected {
		h.metrics.Injections.WithLabelValues(string(in.Pattern), in.Template).Inc()
	}
	for _, s := range r.Skipped {
		h.metrics.Skips.WithLabelValues(string(s.Pattern), string(s.Reason)).Inc()
	}
}
