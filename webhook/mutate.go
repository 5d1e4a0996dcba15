package webhook

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// mutate decides one /mutate request: run the chain on the typed pod, answer with one
// patch computed from the original and the mutated pod.
func (h *Handlers) mutate(ctx context.Context, req *admissionv1.AdmissionRequest) outcome {
	pod, ns, done := h.podAndNamespace(ctx, req)
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	orig := pod.DeepCopy()
	mreq := mutators.NewRequest(pod, ns)
	p.Mutators.Mutate(mreq)
	h.recordReport(&mreq.Report)
	if len(mreq.Report.Denials) > 0 {
		msg := DenialMessage(mreq.Report.Denials)
		resp := Denied(req.UID, http.StatusForbidden, metav1.StatusReasonForbidden, msg)
		resp.Warnings = mreq.Report.Warnings
		return outcome{resp: resp, status: http.StatusOK, result: ResultDenied, detail: mutationDetail(orig, &mreq.Report, p.Revision, msg)}
	}
	h.recordSkips(req, orig, mreq.Report.Skipped)
	patch, err := PodPatch(orig, pod)
	if err != nil {
		return notDecided(req, http.StatusInternalServerError, ResultError, fmt.Errorf("podpatterns: building the patch: %w", err))
	}
	resp := Patched(req.UID, patch)
	resp.Warnings = mreq.Report.Warnings
	result := ResultAllowed
	switch {
	case patch != nil:
		result = ResultPatched
	case len(resp.Warnings) > 0:
		result = ResultWarned
	}
	h.log.V(1).Info("mutated", "namespace", req.Namespace, "uid", req.UID, "revision", p.Revision,
		"injected", len(mreq.Report.Injected), "skipped", len(mreq.Report.Skipped), "patchBytes", len(patch))
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: mutationDetail(orig, &mreq.Report, p.Revision, "")}
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

// DenialMessage is the one readable message of a mutation denial: every problem with its
// field path. The CLI prints the same text.
func DenialMessage(errs field.ErrorList) string {
	var b strings.Builder
	b.WriteString("podpatterns denied the pod: ")
	for i, err := range errs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}
