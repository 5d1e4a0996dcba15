package webhook

import (
	"context"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/validators"
)

// validate decides one /validate request. It never mutates and never returns a patch.
func (h *Handlers) validate(ctx context.Context, req *admissionv1.AdmissionRequest) outcome {
	pod, ns, done := h.podAndNamespace(ctx, req)
	if done != nil {
		return *done
	}
	p := h.pipeline.Load()
	res := p.Validators.Validate(&validators.Request{Pod: pod, Namespace: req.Namespace, NamespaceLabels: ns.Labels})
	if len(res.Violations) == 0 {
		return outcome{resp: Allowed(req.UID, ""), status: http.StatusOK, result: ResultAllowed, detail: validationDetail(pod, res, p.Revision, "")}
	}
	profile := p.knownProfile(res.Profile)
	for _, v := range res.Violations {
		h.metrics.Violations.WithLabelValues(profile, string(v.Rule), string(res.Mode)).Inc()
	}
	answer := res.Response() // the same answer `podpatterns validate` prints
	if !answer.Allowed {
		resp := Denied(req.UID, http.StatusForbidden, metav1.StatusReasonForbidden, answer.Message)
		return outcome{resp: resp, status: http.StatusOK, result: ResultDenied, detail: validationDetail(pod, res, p.Revision, answer.Message)}
	}
	resp := Allowed(req.UID, "")
	resp.Warnings, resp.AuditAnnotations = answer.Warnings, answer.AuditAnnotations
	result := ResultAllowed
	if res.Mode == validators.ModeWarn {
		result = ResultWarned
	}
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: validationDetail(pod, res, p.Revision, "")}
}
