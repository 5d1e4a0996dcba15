package webhook

import (
	"encoding/json"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// resizeBody is an UPDATE of pods/resize whose object is podJSON (the pod with its new
// resources), as the apiserver sends it.
func resizeBody(t *testing.T, podJSON []byte) []byte {
	t.Helper()
	b, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Operation: admissionv1.Update, Namespace: "team",
			Kind:        metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:    metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			SubResource: "resize",
			Object:      runtime.RawExtension{Raw: podJSON}, OldObject: runtime.RawExtension{Raw: podJSON}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestValidateResize: an in-place resize (UPDATE of pods/resize) is judged against the
// namespace's profile like a creation, in all three modes; /mutate leaves it alone.
func TestValidateResize(t *testing.T) {
	for mode, check := range map[string]func(*admissionv1.AdmissionResponse) bool{
		"enforce": func(r *admissionv1.AdmissionResponse) bool {
			return !r.Allowed && r.Result.Code == 403 && strings.Contains(r.Result.Message, "(limits-required)")
		},
		"warn": func(r *admissionv1.AdmissionResponse) bool {
			return r.Allowed && len(r.Warnings) == 1 && strings.Contains(r.Warnings[0], "(limits-required)")
		},
		"audit": func(r *admissionv1.AdmissionResponse) bool {
			return r.Allowed && r.AuditAnnotations["limits-required"] != ""
		},
	} {
		t.Run(mode, func(t *testing.T) {
			h, _ := testHandlers(t)
			h.namespaces = StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "strict", validators.LabelProfileMode: mode}}
			status, resp := post(t, h.Validate(), "POST", "application/json", resizeBody(t, podJSON(t)))
			if status != 200 || !check(resp) || resp.Patch != nil {
				t.Fatalf("status %d, allowed=%v result=%+v warnings=%q audit=%v", status, resp.Allowed, resp.Result, resp.Warnings, resp.AuditAnnotations)
			}
		})
	}
	h, _ := testHandlers(t, addSidecar{})
	_, resp := post(t, h.Mutate(), "POST", "application/json", resizeBody(t, podJSON(t)))
	if !resp.Allowed || resp.Patch != nil {
		t.Fatalf("/mutate must admit a resize unchanged: allowed=%v patch=%s", resp.Allowed, resp.Patch)
	}
	_, resp = post(t, h.Validate(), "POST", "application/json", func() []byte {
		var review admissionv1.AdmissionReview
		_ = json.Unmarshal(resizeBody(t, podJSON(t)), &review)
		review.Request.SubResource = "status"
		b, _ := json.Marshal(review)
		return b
	}())
	if !resp.Allowed || !strings.Contains(resp.Result.Message, "admitted unchanged") {
		t.Fatalf("another subresource must be admitted unchanged: %+v", resp.Result)
	}
}
