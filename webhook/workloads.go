package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podpatterns/podpatterns/admission"
)

// Why the workloads webhook admits a workload without judging its template. They are
// podpatterns_workload_checks_total outcomes and part of the response message.
const (
	// WorkloadTemplateUnchanged: an UPDATE that leaves the pod template byte for byte as
	// it was (scaling, labels, a controller's bookkeeping) is not judged again.
	WorkloadTemplateUnchanged = "template-unchanged"
	// WorkloadControllerOwned: a controller made this workload (a Deployment's ReplicaSet,
	// a CronJob's Job, an operator's StatefulSet); its owner was the one to hear about
	// it, and its pods are judged as always.
	WorkloadControllerOwned = "controller-owned"
)

// WorkloadSkipOutcomes lists the outcomes of workloads admitted without a check.
var WorkloadSkipOutcomes = []string{WorkloadTemplateUnchanged, WorkloadControllerOwned}

// Workloads is the /validate-workloads endpoint.
func (h *Handlers) Workloads() http.Handler {
	return &endpoint{name: WebhookWorkloads, h: h, admit: h.workloads}
}

// workloads answers one /validate-workloads request: the decision the workload's pods
// would get (mutation, then validation of the mutated pod: admission.CheckTemplate),
// as warnings, or as a denial where the profile's workloadMode is enforce. It never
// returns a patch: the pods themselves are mutated by /mutate when they are created.
func (h *Handlers) workloads(ctx context.Context, req *admissionv1.AdmissionRequest, _ *objectView) outcome {
	k, ok := workloadKinds[schema.GroupResource{Group: req.Resource.Group, Resource: req.Resource.Resource}]
	if !ok || req.SubResource != "" || (req.Operation != admissionv1.Create && req.Operation != admissionv1.Update) {
		why := fmt.Sprintf("podpatterns only checks the pod templates of workloads on CREATE and UPDATE; %s %s/%s %s admitted unchanged",
			req.Operation, req.Resource.Group, req.Resource.Resource, req.SubResource)
		return outcome{resp: Allowed(req.UID, why), status: http.StatusOK, result: ResultAllowed}
	}
	v, tmpl, rerr := decodeWorkload(req.Operation, req.Object.Raw, k)
	if rerr != nil {
		return notDecided(req, rerr.code, ResultBadRequest, rerr)
	}
	if skip, why := h.skipWorkload(req, k, v, tmpl); skip != "" {
		h.metrics.WorkloadChecks.WithLabelValues(k.kind, skip).Inc()
		return outcome{resp: Allowed(req.UID, why), status: http.StatusOK, result: ResultAllowed}
	}
	ns, err := h.namespaces.Namespace(ctx, req.Namespace)
	if err != nil {
		return notDecided(req, http.StatusInternalServerError, ResultError, fmt.Errorf("podpatterns: %w", err))
	}
	p := h.pipeline.Load()
	pod, whole, rerr := h.templatePod(tmpl, req.Namespace)
	if rerr != nil {
		return notDecided(req, rerr.code, ResultBadRequest, rerr)
	}
	c, err := p.CheckTemplate(pod, whole, ns, k.at)
	if rerr, ok := errors.AsType[*reviewError](err); ok {
		return notDecided(req, rerr.code, ResultBadRequest, rerr)
	}
	if err != nil {
		return notDecided(req, http.StatusInternalServerError, ResultError, err)
	}
	h.metrics.WorkloadChecks.WithLabelValues(k.kind, string(c.Outcome)).Inc()
	return workloadOutcome(req, pod, &c, p.Revision())
}

// skipWorkload says why a workload is admitted unchecked ("" when it is checked).
func (h *Handlers) skipWorkload(req *admissionv1.AdmissionRequest, k workloadKind, v *workloadView, tmpl []byte) (string, string) {
	if v.controllerOwned() {
		return WorkloadControllerOwned, fmt.Sprintf("podpatterns: a controller owns this %s; its pods are checked when created (%s)", k.kind, WorkloadControllerOwned)
	}
	if req.Operation != admissionv1.Update {
		return "", ""
	}
	if _, old, rerr := decodeWorkload(req.Operation, req.OldObject.Raw, k); rerr == nil && bytes.Equal(old, tmpl) {
		return WorkloadTemplateUnchanged, fmt.Sprintf("podpatterns: %s did not change (%s)", k.at, WorkloadTemplateUnchanged)
	}
	return "", ""
}

// templatePod is the pod a template makes, decoded as /mutate would: the view of the
// fields decisions read, with whole to decode the whole template once a pattern is
// selected (whole is nil when the pod is whole already: the template names a
// podpatterns.io key, or the fast paths are off).
func (h *Handlers) templatePod(tmpl []byte, namespace string) (*corev1.Pod, func() (*corev1.Pod, error), *reviewError) {
	decodeWhole := func() (*corev1.Pod, error) {
		pod, err := h.wholeDecoder()(tmpl)
		if err != nil {
			return nil, badRequest(http.StatusBadRequest, "cannot decode the pod template: %v", err)
		}
		pod.Namespace = namespace
		return pod, nil
	}
	if h.straight || mentionsPodpatterns(tmpl) {
		pod, err := decodeWhole()
		if err != nil {
			return nil, nil, err.(*reviewError)
		}
		return pod, nil, nil
	}
	view, err := decodePodView(tmpl)
	if err != nil {
		return nil, nil, badRequest(http.StatusBadRequest, "cannot decode the pod template: %v", err)
	}
	view.Namespace = namespace
	return view, decodeWhole, nil
}

// workloadOutcome turns a template check into the AdmissionResponse.
func workloadOutcome(req *admissionv1.AdmissionRequest, pod *corev1.Pod, c *admission.TemplateCheck, revision string) outcome {
	d := &detail{pod: pod, revision: revision, reason: string(c.Outcome)}
	if c.Outcome == admission.TemplateDenied {
		resp := Denied(req.UID, http.StatusForbidden, metav1.StatusReasonForbidden, c.Denial)
		resp.Warnings = c.Warnings
		return outcome{resp: resp, status: http.StatusOK, result: ResultDenied, detail: d}
	}
	resp := Allowed(req.UID, "")
	resp.Warnings, resp.AuditAnnotations = c.Warnings, c.AuditAnnotations
	result := ResultAllowed
	if len(resp.Warnings) > 0 {
		result = ResultWarned
	}
	return outcome{resp: resp, status: http.StatusOK, result: result, detail: d}
}
