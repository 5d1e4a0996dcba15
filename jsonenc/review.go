package jsonenc

import (
	"encoding/base64"
	"slices"
	"strconv"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// reviewPrefix is what json.Marshal writes for an AdmissionReview v1 up to its response.
const reviewPrefix = `{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","response":`

// AppendReview appends the AdmissionReview v1 that wraps resp, as json.Marshal writes
// it. ok is false when resp has a field podpatterns never sets (status details, list
// metadata, type metadata): the caller then encodes with json.Marshal.
func AppendReview(dst []byte, resp *admissionv1.AdmissionResponse) (out []byte, ok bool) {
	if resp == nil || !plainStatus(resp.Result) {
		return dst, false
	}
	dst = append(dst, reviewPrefix...)
	dst = append(dst, `{"uid":`...)
	dst = AppendString(dst, string(resp.UID))
	dst = append(dst, `,"allowed":`...)
	dst = strconv.AppendBool(dst, resp.Allowed)
	if s := resp.Result; s != nil {
		dst = appendStatus(append(dst, `,"status":`...), s)
	}
	if len(resp.Patch) > 0 {
		dst = append(dst, `,"patch":"`...)
		dst = base64.StdEncoding.AppendEncode(dst, resp.Patch)
		dst = append(dst, '"')
	}
	if resp.PatchType != nil {
		dst = AppendString(append(dst, `,"patchType":`...), string(*resp.PatchType))
	}
	if len(resp.AuditAnnotations) > 0 {
		dst = appendStringMap(append(dst, `,"auditAnnotations":`...), resp.AuditAnnotations)
	}
	if len(resp.Warnings) > 0 {
		dst = append(dst, `,"warnings":[`...)
		for i, w := range resp.Warnings {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, w)
		}
		dst = append(dst, ']')
	}
	return append(dst, "}}"...), true
}

// plainStatus reports whether s (nil allowed) has only the fields appendStatus writes.
func plainStatus(s *metav1.Status) bool {
	return s == nil || (s.Details == nil && s.TypeMeta == metav1.TypeMeta{} && s.ListMeta.SelfLink == "" &&
		s.ResourceVersion == "" && s.Continue == "" && s.RemainingItemCount == nil)
}

// appendStatus writes a metav1.Status whose only fields are status, message, reason and
// code (the list metadata is a struct, which encoding/json always writes).
func appendStatus(dst []byte, s *metav1.Status) []byte {
	dst = append(dst, `{"metadata":{}`...)
	if s.Status != "" {
		dst = AppendString(append(dst, `,"status":`...), s.Status)
	}
	if s.Message != "" {
		dst = AppendString(append(dst, `,"message":`...), s.Message)
	}
	if s.Reason != "" {
		dst = AppendString(append(dst, `,"reason":`...), string(s.Reason))
	}
	if s.Code != 0 {
		dst = strconv.AppendInt(append(dst, `,"code":`...), int64(s.Code), 10)
	}
	return append(dst, '}')
}

// appendStringMap writes m with its keys sorted, as encoding/json does.
func appendStringMap(dst []byte, m map[string]string) []byte {
	var stack [16]string // labels and annotations: no allocation for the common sizes
	keys := stack[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(AppendString(dst, k), ':')
		dst = AppendString(dst, m[k])
	}
	return append(dst, '}')
}
