package jsonenc

import (
	"bytes"
	"encoding/json"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func marshalReview(t *testing.T, resp *admissionv1.AdmissionResponse) []byte {
	t.Helper()
	out := admissionv1.AdmissionReview{Response: resp}
	out.APIVersion, out.Kind = admissionv1.SchemeGroupVersion.String(), "AdmissionReview"
	want, err := json.Marshal(&out)
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// FuzzAppendReview: AppendReview writes what json.Marshal writes for every response
// shape the handlers build (allowed, patched, denied, warnings, audit annotations).
func FuzzAppendReview(f *testing.F) {
	f.Add("uid-1", true, int32(200), "", "", "", []byte(nil), "", "", "")
	f.Add("u<2>", false, int32(403), "Failure", "Forbidden", "podpatterns denied the pod: a & b", []byte(nil), "w1", "k", "v")
	f.Add("", true, int32(0), "", "", "", []byte(`[{"op":"add","path":"/x","value":1}]`), "", "", "")
	f.Add("\xff", true, int32(500), "Failure", "InternalError", "\u2028", []byte{0, 1, 2}, "\n", "a/b", "\t")
	f.Fuzz(func(t *testing.T, uid string, allowed bool, code int32, status, reason, message string, patch []byte, warning, auditKey, auditValue string) {
		resp := &admissionv1.AdmissionResponse{UID: types.UID(uid), Allowed: allowed, Patch: patch}
		if code != 0 || status != "" || message != "" {
			resp.Result = &metav1.Status{Code: code, Status: status, Reason: metav1.StatusReason(reason), Message: message}
		}
		if len(patch) > 0 {
			pt := admissionv1.PatchTypeJSONPatch
			resp.PatchType = &pt
		}
		if warning != "" {
			resp.Warnings = []string{warning, warning + "2"}
		}
		if auditKey != "" {
			resp.AuditAnnotations = map[string]string{auditKey: auditValue, auditKey + "z": "", "a" + auditKey: auditValue}
		}
		got, ok := AppendReview(nil, resp)
		if want := marshalReview(t, resp); !ok || !bytes.Equal(got, want) {
			t.Fatalf("ok %v\n got  %s\n want %s", ok, got, want)
		}
	})
}

// TestAppendReviewRefusesUnknownShapes: a status with details is left to json.Marshal.
func TestAppendReviewRefusesUnknownShapes(t *testing.T) {
	resp := &admissionv1.AdmissionResponse{Result: &metav1.Status{Details: &metav1.StatusDetails{Name: "x"}}}
	if _, ok := AppendReview(nil, resp); ok {
		t.Error("a status with details must fall back to json.Marshal")
	}
}
