package webhook

import (
	"encoding/json"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// resizeBody is an UPDATE of pods/resize whose object is podJSON (the pod with its new
// resources), as the apiserver sends it; oldObject is the pod before, here with a cpu
// limit (the test validator's one rule), so the violations of podJSON are the resize's.
func resizeBody(t *testing.T, podJSON []byte) []byte {
	t.Helper()
	return resizeBodyFrom(t, limitedPodJSON(t, "1"), podJSON)
}

// limitedPodJSON is podJSON's pod with a cpu limit.
func limitedPodJSON(t *testing.T, cpu string) []byte {
	t.Helper()
	var pod corev1.Pod
	if err := json.Unmarshal(podJSON(t), &pod); err != nil {
		t.Fatal(err)
	}
	pod.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)}
	b, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resizeBodyFrom is an UPDATE of pods/resize from oldJSON to podJSON.
func resizeBodyFrom(t *testing.T, oldJSON, podJSON []byte) []byte {
	t.Helper()
	b, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Operation: admissionv1.Update, Namespace: "team",
			Kind:        metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:    metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			SubResource: "resize",
			Object:      runtime.RawExtension{Raw: podJSON}, OldObject: runtime.RawExtension{Raw: oldJSON}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestValidateResize: an in-place resize (UPDATE of pods/resize) that breaks a resource
// rule is judged against the namespace's profile in all three modes; /mutate leaves it
// alone.
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

// TestValidateResizeJudgesOnlyWhatChanges: a resize is judged only on the resource rules
// and only on the violations it introduces or changes. A pod admitted with a violation
// (before the rule, or under audit) resizes freely when the resize leaves it as it was;
// a rule outside the resource rules (a readiness probe) never stops a resize.
func TestValidateResizeJudgesOnlyWhatChanges(t *testing.T) {
	h, _ := testHandlers(t)
	_, resp := post(t, h.Validate(), "POST", "application/json", resizeBodyFrom(t, podJSON(t), podJSON(t)))
	if !resp.Allowed {
		t.Fatalf("a resize that leaves the pod's violation as it was must be admitted: %+v", resp.Result)
	}
	_, resp = post(t, h.Validate(), "POST", "application/json", resizeBodyFrom(t, limitedPodJSON(t, "1"), limitedPodJSON(t, "2")))
	if !resp.Allowed {
		t.Fatalf("a resize that breaks no rule must be admitted: %+v", resp.Result)
	}
	_, resp = post(t, h.Validate(), "POST", "application/json", resizeBodyFrom(t, limitedPodJSON(t, "1"), podJSON(t)))
	if resp.Allowed || !strings.Contains(resp.Result.Message, "(limits-required)") {
		t.Fatalf("a resize that breaks a resource rule must be denied: allowed=%v %+v", resp.Allowed, resp.Result)
	}
	probes, _ := testHandlers(t)
	cfg := &config.Config{}
	cfg.Profiles = map[string]validators.Profile{"strict": {Mode: validators.ModeEnforce}}
	probes.pipeline.Store(&admission.Pipeline{Config: &config.Loaded{Config: cfg, Revision: "test"}, Mutators: mutators.NewChain("test"),
		Validators: validators.NewChain(cfg.Validators, needsProbe{})})
	_, resp = post(t, probes.Validate(), "POST", "application/json", resizeBodyFrom(t, limitedPodJSON(t, "1"), limitedPodJSON(t, "2")))
	if !resp.Allowed {
		t.Fatalf("a readiness-probe rule must not judge a resize: %+v", resp.Result)
	}
	_, resp = post(t, probes.Validate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	if resp.Allowed {
		t.Fatal("the probe rule must still judge a creation (the control of the case above)")
	}
}

// needsProbe breaks readiness-probe-required for every container without one.
type needsProbe struct{}

func (needsProbe) Name() string { return "needs-probe" }
func (needsProbe) Validate(r *validators.Request, _ *validators.Profile) []validators.Violation {
	var out []validators.Violation
	for i, c := range r.Pod.Spec.Containers {
		if c.ReadinessProbe == nil {
			out = append(out, validators.Violation{Rule: validators.RuleReadinessProbeRequired,
				Error: field.Required(field.NewPath("spec", "containers").Index(i).Child("readinessProbe"), "profile requires a readiness probe")})
		}
	}
	return out
}
