package webhook

import (
	"context"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/validators"
)

// validate answers one /validate request with the admission core's decision, against
// the namespace's profile in its mode: a pod CREATE, or an in-place resize (UPDATE of
// pods/resize, whose object is the pod with its new resources), judged only on the
// resource rules it changes (admission.ValidateResize). It never mutates and never
// returns a patch.
func (h *Handlers) validate(ctx context.Context, req *admissionv1.AdmissionRequest, ov *objectView) outcome {
	pod, ns, done := h.podAndNamespace(ctx, req, podCreateOrResize, ov.decoder(h.decoder()))
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	var v admission.Validation
	if req.SubResource == resizeSubresource {
		old, err := h.decoder()(req.OldObject.Raw)
		if err != nil {
			return notDecided(req, http.StatusBadRequest, ResultBadRequest, badRequest(http.StatusBadRequest, "cannot decode request.oldObject of a resize as a Pod: %v", err))
		}
		v = p.ValidateResize(old, pod, ns)
	} else {
		v = p.ValidatePod(pod, ns)
	}
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
