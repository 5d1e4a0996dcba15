package webhook

import (
	"bytes"
	"context"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// mutate answers one /mutate request with the admission core's decision: one patch
// computed from the original and the mutated pod, or the denial.
func (h *Handlers) mutate(ctx context.Context, req *admissionv1.AdmissionRequest, ov *objectView) outcome {
	viewFirst := !h.straight && !mentionsPodpatterns(req.Object.Raw)
	decode := h.wholeDecoder()
	if viewFirst {
		decode = ov.decoder(decodePodView)
	}
	pod, ns, done := h.podAndNamespace(ctx, req, podCreate, decode)
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	if viewFirst {
		if p.Mutators.Idle(pod, ns) { // nothing selects a pattern: unchanged, as the chain would say
			h.logMutated(req, p.Revision(), 0, 0, 0)
			return outcome{resp: Patched(req.UID, nil), status: http.StatusOK, result: ResultAllowed,
				detail: mutationDetail(pod, &mutators.Report{}, p.Revision(), "")}
		}
		if pod, _, done = wholePod(req); done != nil {
			return *done
		}
	}
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
	h.logMutated(req, p.Revision(), len(m.Report.Injected), len(m.Report.Skipped), len(m.Patch))
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: mutationDetail(pod, &m.Report, p.Revision(), "")}
}

// recordReport counts injections and skips.
func (h *Handlers) recordReport(r *mutators.Report) {
	for _, in := range r.Injected {
		h.metrics.Injections.WithLabelValues(string(in.Pattern), h.templates.owned(in.Template)).Inc()
	}
	for _, s := range r.Skipped {
		h.metrics.Skips.WithLabelValues(string(s.Pattern), string(s.Reason)).Inc()
	}
}

// wholePod decodes the whole pod of a request whose view said a pattern is selected.
func wholePod(req *admissionv1.AdmissionRequest) (*corev1.Pod, string, *outcome) {
	pod, why, rerr := podToAdmit(req, podCreate, decodePod)
	if rerr != nil {
		out := notDecided(req, rerr.code, ResultBadRequest, rerr)
		return nil, why, &out
	}
	return pod, why, nil
}

// mentionsPodpatterns reports whether the pod's JSON names a podpatterns.io key. Such a
// pod most likely selects a pattern, so it is decoded whole at once instead of first as
// a view. Only the order of the work depends on it: a pod whose keys are spelled with
// JSON escapes still gets its answer from the decoded keys (Chain.Idle).
func mentionsPodpatterns(raw []byte) bool {
	return bytes.Contains(raw, []byte("podpatterns.io/"))
}
