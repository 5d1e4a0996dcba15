package webhook

import (
	"context"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/validators"
)

// validate answers one /validate request with the admission core's decision: a pod
// CREATE, or an in-place resize (UPDATE of pods/resize, whose object is the pod with its
// new resources), judged against the namespace's profile in its mode. It never mutates
// and never returns a patch.
func (h *Handlers) validate(ctx context.Context, req *admissionv1.AdmissionRequest, ov *objectView) outcome {
	pod, ns, done := h.podAndNamespace(ctx, req, podCreateOrResize, ov.decoder(h.decoder()))
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	v := p.ValidatePod(pod, ns)
	if len(v.Violations) == 0 {
		return outcome{resp: Allowed(req.UID, ""), status: http.StatusOK, result: ResultAllowed, detail: validationDetail(pod, v.Result, p.Revision(), "")}
	}
	profile := p.KnownProfile(v.Profile)
	for _, violation := range v.Violations {
		h.metrics.Violations.WithLabelValues(profile, string(violation.Rule), string(v.Mode)).Inc()
	}
	if !v.Answer.Allowed {
		resp := Denied(req.UID, http.StatusForbidden, metav1.StatusReasonForbidden, v.Answer.Message)
		return outcome{resp: resp, status: http.StatusOK, result: ResultDenied, detail: validationDetail(pod, v.Result, p.Revision(), v.Answer.Message)}
	}
	resp := Allowed(req.UID, "")
	resp.Warnings, resp.AuditAnnotations = v.Answer.Warnings, v.Answer.AuditAnnotations
	result := ResultAllowed
	if v.Mode == validators.ModeWarn {
		result = ResultWarned
	}
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: validationDetail(pod, v.Result, p.Revision(), "")}
}
