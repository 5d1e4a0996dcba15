package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

// checkValidateAgrees is the validating half of one decision, three doors: for the
// case's profile (or, in a namespace without one, every profile of the case's config),
// the core's validation of the core's mutated pod, /validate on that pod, and
// `podpatterns validate` on the submitted pod (which mutates first) give one answer —
// allowed or the same denial, the same warnings and audit annotations.
func checkValidateAgrees(t *testing.T, c *mutatorstest.Case, p *admission.Pipeline, core admission.Mutation) {
	if core.Denied() {
		return // the pod never reaches the validating webhook
	}
	for _, profile := range profilesOf(c, p) {
		t.Run(profile, func(t *testing.T) {
			ns := c.Namespace
			ns.Labels = maps.Clone(ns.Labels)
			ns.Labels[mutators.LabelProfile] = profile
			want := p.ValidatePod(core.Pod.DeepCopy(), ns).Answer
			h := webhook.NewHandlers(p, webhook.StaticNamespaces{Labels: ns.Labels, Annotations: ns.Annotations},
				webhook.NewMetrics(prometheus.NewRegistry()), logr.Discard())
			got := postValidate(t, h, ns.Name, core.Pod)
			if got.Allowed != want.Allowed || (!want.Allowed && got.Result.Message != want.Message) ||
				!slices.Equal(got.Warnings, want.Warnings) || !maps.Equal(got.AuditAnnotations, want.AuditAnnotations) {
				t.Errorf("/validate: allowed=%v %q warnings %q audit %v; core %+v", got.Allowed, got.Result.Message, got.Warnings, got.AuditAnnotations, want)
			}
			args := append(injectArgs(t, c), "--profile", profile)
			args[0] = "validate"
			out, stderr, err := runCLI(t, string(c.PodJSON), args...)
			var expected strings.Builder
			if want.Allowed && len(want.Warnings)+len(want.AuditAnnotations) == 0 {
				expected.WriteString(podName(c) + ": ok\n")
			} else {
				printAnswer(&expected, podName(c), want)
			}
			if out != expected.String() || (exitCode(err) == 1) == want.Allowed {
				t.Errorf("podpatterns validate (exit %d, stderr %q):\n%s\ncore:\n%s", exitCode(err), stderr, out, expected.String())
			}
		})
	}
}

// profilesOf is the case's profile, or every profile of its config when its namespace
// names none.
func profilesOf(c *mutatorstest.Case, p *admission.Pipeline) []string {
	if name, ok := c.Namespace.Labels[mutators.LabelProfile]; ok {
		return []string{name}
	}
	return slices.Sorted(maps.Keys(p.Config.Profiles))
}

// postValidate sends a CREATE of pod to /validate, as the apiserver does after mutation.
func postValidate(t *testing.T, h *webhook.Handlers, namespace string, pod any) *admissionv1.AdmissionResponse {
	t.Helper()
	raw, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "golden", Operation: admissionv1.Create, Namespace: namespace,
			Kind:     metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Object:   runtime.RawExtension{Raw: raw}},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/validate", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.Validate().ServeHTTP(rec, req)
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &review); err != nil || review.Response == nil || rec.Code != 200 {
		t.Fatalf("status %d, body %s (%v)", rec.Code, rec.Body, err)
	}
	return review.Response
}
