package webhook

import (
	"net/http"
	"reflect"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// workloadTemplateShape is where the workloads webhook finds a workload's pod template
// (workloadKinds): the quantities it decodes of a workload.
type workloadTemplateShape struct {
	Spec struct {
		Template    corev1.PodTemplateSpec `json:"template"`
		JobTemplate struct {
			Spec struct {
				Template corev1.PodTemplateSpec `json:"template"`
			} `json:"spec"`
		} `json:"jobTemplate"`
	} `json:"spec"`
}

var (
	reviewType      = reflect.TypeFor[admissionv1.AdmissionReview]()
	reviewedObjects = []reflect.Type{reflect.TypeFor[corev1.Pod](), reflect.TypeFor[workloadTemplateShape]()}
)

// checkQuantities refuses, before anything parses a quantity of it, a review whose
// request.object or oldObject carries one podresources.CheckQuantityText refuses:
// every decoder of the body (the review scanner and its pod view, segmentio's,
// encoding/json's, the workloads' template) would otherwise hand it to
// ParseQuantity, which may not return. Each object is checked as a pod and as a
// workload's template, whatever the request's resource says: a pod decoder reads
// whatever it is sent as pods.
func checkQuantities(body []byte) *reviewError {
	if !podresources.MayHoldUnboundedQuantity(body) {
		return nil
	}
	if err := podresources.CheckQuantitiesJSON(body, reviewType, reviewedObjects...); err != nil {
		return badRequest(http.StatusBadRequest, "refusing the AdmissionReview before decoding it: %v", err)
	}
	return nil
}
