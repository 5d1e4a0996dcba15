package webhook

import (
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Every response carries a result code, like controller-runtime's admission helpers:
// the API server shows code and message to the user for a denial.

// Allowed admits the request unchanged.
func Allowed(uid types.UID, message string) *admissionv1.AdmissionResponse {
	return &admissionv1.AdmissionResponse{UID: uid, Allowed: true,
		Result: &metav1.Status{Code: http.StatusOK, Message: message}}
}

// Patched admits the request with a JSON patch (nil patch: unchanged).
func Patched(uid types.UID, patch []byte) *admissionv1.AdmissionResponse {
	resp := Allowed(uid, "")
	if len(patch) > 0 {
		pt := admissionv1.PatchTypeJSONPatch
		resp.Patch, resp.PatchType = patch, &pt
	}
	return resp
}

// Denied rejects the request; code is ≥ 400 (403 for a policy decision).
func Denied(uid types.UID, code int32, reason metav1.StatusReason, message string) *admissionv1.AdmissionResponse {
	return &admissionv1.AdmissionResponse{UID: uid, Allowed: false,
		Result: &metav1.Status{Status: metav1.StatusFailure, Code: code, Reason: reason, Message: message}}
}

// Errored answers a request the server could not handle (bad input: 4xx; internal: 5xx).
func Errored(uid types.UID, code int32, err error) *admissionv1.AdmissionResponse {
	reason := metav1.StatusReasonBadRequest
	if code >= 500 {
		reason = metav1.StatusReasonInternalError
	}
	return Denied(uid, code, reason, err.Error())
}
