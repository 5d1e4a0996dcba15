package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/validators"
)

// addSidecar is a test mutator: it adds one container (once) and records it.
type addSidecar struct{}

func (addSidecar) Name() string { return "test-sidecar" }
func (addSidecar) Mutate(r *mutators.Request) {
	for _, c := range r.Pod.Spec.Containers {
		if c.Name == "helper" {
			return
		}
	}
	r.Pod.Spec.Containers = append(r.Pod.Spec.Containers, corev1.Container{Name: "helper", Image: "helper:1"})
	r.Report.Inject(mutators.PatternSidecar, "helper")
}

type panics struct{}

func (panics) Name() string               { return "panics" }
func (panics) Mutate(r *mutators.Request) { panic("boom") }

type denies struct{}

func (denies) Name() string { return "denies" }
func (denies) Mutate(r *mutators.Request) {
	r.Report.Deny(field.Invalid(field.NewPath("metadata", "annotations").Key("podpatterns.io/sidecars"), "a b", "not a name"))
}

// needsLimits is a test validator: every container needs a cpu limit.
type needsLimits struct{}

func (needsLimits) Name() string { return "needs-limits" }
func (needsLimits) Validate(r *validators.Request, _ *validators.Profile) []validators.Violation {
	var out []validators.Violation
	for i, c := range r.Pod.Spec.Containers {
		if _, ok := c.Resources.Limits[corev1.ResourceCPU]; !ok {
			out = append(out, validators.Violation{Rule: "limits-required",
				Error: field.Required(field.NewPath("spec", "containers").Index(i).Child("resources", "limits", "cpu"), "profile requires a cpu limit")})
		}
	}
	return out
}

type failingNamespaces struct{}

func (failingNamespaces) Namespace(context.Context, string) (mutators.Namespace, error) {
	return mutators.Namespace{}, ErrNamespaceNotCached
}

func testHandlers(t *testing.T, ms ...mutators.Mutator) (*Handlers, *Metrics) {
	t.Helper()
	m := NewMetrics(prometheus.NewRegistry())
	cfg := &config.Config{}
	cfg.Profiles = map[string]validators.Profile{"strict": {Mode: validators.ModeEnforce}}
	p := &admission.Pipeline{Config: &config.Loaded{Config: cfg, Revision: "test"}, Mutators: mutators.NewChain("test", ms...),
		Validators: validators.NewChain(cfg.Validators, needsLimits{})}
	ns := StaticNamespaces{Labels: map[string]string{"podpatterns.io/inject": "enabled", mutators.LabelProfile: "strict"}}
	return NewHandlers(p, ns, m, logr.Discard()), m
}

func podJSON(t *testing.T) []byte {
	pod := corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "team"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx"}}}}
	b, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func reviewBody(t *testing.T, op admissionv1.Operation, resource string, object []byte) []byte {
	t.Helper()
	return reviewBodyIn(t, "team", op, resource, object)
}

func reviewBodyIn(t *testing.T, namespace string, op admissionv1.Operation, resource string, object []byte) []byte {
	t.Helper()
	r := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Operation: op, Namespace: namespace,
			Kind:     metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: resource},
			Object:   runtime.RawExtension{Raw: object}},
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// post sends body to h and returns the HTTP status and decoded response.
func post(t *testing.T, h http.Handler, method, contentType string, body []byte) (int, *admissionv1.AdmissionResponse) {
	t.Helper()
	req := httptest.NewRequest(method, "/mutate", bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("response is not an AdmissionReview (status %d): %s", rec.Code, rec.Body)
	}
	if out.APIVersion != "admission.k8s.io/v1" || out.Kind != "AdmissionReview" || out.Response == nil {
		t.Fatalf("bad response envelope: %s", rec.Body)
	}
	checkUIDEchoed(t, rec.Code, body, out.Response)
	return rec.Code, out.Response
}

// checkUIDEchoed: on every decision path — allowed, patched, denied, warned, errors, bad
// input once the review decoded — the response carries the request's UID; the apiserver
// rejects a response with another one. Every handler test goes through it.
func checkUIDEchoed(t *testing.T, code int, body []byte, resp *admissionv1.AdmissionResponse) {
	t.Helper()
	switch code {
	case http.StatusMethodNotAllowed, http.StatusUnsupportedMediaType, http.StatusRequestEntityTooLarge:
		return // refused before (or while) reading the body: no UID to echo
	}
	var in admissionv1.AdmissionReview
	if json.Unmarshal(body, &in) != nil || in.Request == nil {
		return // the body is not a review: there is no UID to echo
	}
	if resp.UID != in.Request.UID {
		t.Errorf("response UID %q, want the request's %q", resp.UID, in.Request.UID)
	}
}

func TestMutateBadInput(t *testing.T) {
	h, metrics := testHandlers(t, addSidecar{})
	pod := podJSON(t)
	v1beta1 := bytes.Replace(reviewBody(t, admissionv1.Create, "pods", pod), []byte("admission.k8s.io/v1"), []byte("admission.k8s.io/v1beta1"), 1)
	noRequest := []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`)
	oversized := append(reviewBody(t, admissionv1.Create, "pods", pod), bytes.Repeat([]byte(" "), MaxBodyBytes)...)
	cases := []struct {
		name, method, contentType string
		body                      []byte
		status                    int
		allowed                   bool
		uid                       string
		message                   string
	}{
		{"GET", http.MethodGet, "application/json", nil, 405, false, "", "method GET not allowed"},
		{"wrong content type", "POST", "text/plain", reviewBody(t, admissionv1.Create, "pods", pod), 415, false, "", `content type "text/plain" not supported`},
		{"missing content type", "POST", "", reviewBody(t, admissionv1.Create, "pods", pod), 415, false, "", `content type "" not supported`},
		{"empty body", "POST", "application/json", nil, 400, false, "", "request body is empty"},
		{"not JSON", "POST", "application/json", []byte("apiVersion: v1"), 400, false, "", "cannot decode AdmissionReview"},
		{"no request", "POST", "application/json", noRequest, 400, false, "", "AdmissionReview has no request"},
		{"v1beta1 review", "POST", "application/json", v1beta1, 400, false, "uid-1", "unsupported admission.k8s.io/v1beta1 AdmissionReview"},
		{"object null", "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", []byte("null")), 400, false, "uid-1", "request.object is empty"},
		{"object not a pod", "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", []byte(`{"spec":{"containers":"x"}}`)), 400, false, "uid-1", "cannot decode request.object as a Pod"},
		{"not a pod", "POST", "application/json", reviewBody(t, admissionv1.Create, "services", pod), 200, true, "uid-1", "podpatterns only handles pods"},
		{"DELETE", "POST", "application/json", reviewBody(t, admissionv1.Delete, "pods", nil), 200, true, "uid-1", "podpatterns only acts on CREATE; DELETE admitted unchanged"},
		{"UPDATE", "POST", "application/json", reviewBody(t, admissionv1.Update, "pods", pod), 200, true, "uid-1", "podpatterns only acts on CREATE; UPDATE admitted unchanged"},
		{"oversized", "POST", "application/json", oversized, 413, false, "", "request body larger than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, resp := post(t, h.Mutate(), tc.method, tc.contentType, tc.body)
			if status != tc.status || resp.Allowed != tc.allowed || string(resp.UID) != tc.uid {
				t.Errorf("got status %d allowed %v uid %q, want %d %v %q", status, resp.Allowed, resp.UID, tc.status, tc.allowed, tc.uid)
			}
			if resp.Result == nil || int(resp.Result.Code) != tc.status || !strings.Contains(resp.Result.Message, tc.message) {
				t.Errorf("result %+v, want code %d and message containing %q", resp.Result, tc.status, tc.message)
			}
			if resp.Patch != nil {
				t.Errorf("unexpected patch %s", resp.Patch)
			}
		})
	}
	if got := testutil.ToFloat64(metrics.Requests.WithLabelValues(WebhookMutate, ResultBadRequest)); got != 10 {
		t.Errorf("bad-request count = %v, want 10", got)
	}
}

func TestMutateAppliesPatchAndIsIdempotent(t *testing.T) {
	h, metrics := testHandlers(t, addSidecar{})
	orig := podJSON(t)
	status, resp := post(t, h.Mutate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", orig))
	if status != 200 || !resp.Allowed || resp.UID != "uid-1" || resp.PatchType == nil || *resp.PatchType != admissionv1.PatchTypeJSONPatch {
		t.Fatalf("unexpected response %d %+v", status, resp)
	}
	want := &corev1.Pod{}
	_ = json.Unmarshal(orig, want)
	addSidecar{}.Mutate(&mutators.Request{Pod: want})
	want.Annotations = map[string]string{mutators.AnnotationStatus: `{"revision":"test","injected":{"sidecar":["helper"]}}`}
	patched := mutatorstest.CheckPatch(t, orig, resp.Patch, want)

	status, resp = post(t, h.Mutate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", patched))
	if status != 200 || !resp.Allowed || resp.Patch != nil {
		t.Fatalf("second pass: status %d allowed %v patch %s", status, resp.Allowed, resp.Patch)
	}
	if got := testutil.ToFloat64(metrics.Injections.WithLabelValues("sidecar", "helper")); got != 1 {
		t.Errorf("injections = %v, want 1", got)
	}
	if got := testutil.ToFloat64(metrics.Requests.WithLabelValues(WebhookMutate, ResultPatched)); got != 1 {
		t.Errorf("patched requests = %v, want 1", got)
	}
}

func TestMutateDenial(t *testing.T) {
	h, _ := testHandlers(t, denies{})
	status, resp := post(t, h.Mutate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	want := `podpatterns denied the pod: metadata.annotations[podpatterns.io/sidecars]: Invalid value: "a b": not a name`
	if status != 200 || resp.Allowed || resp.Result.Code != 403 || resp.Result.Message != want || resp.Patch != nil {
		t.Fatalf("got %d %+v", status, resp.Result)
	}
}

func TestMutatePanicIsRecovered(t *testing.T) {
	h, metrics := testHandlers(t, panics{})
	status, resp := post(t, h.Mutate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	if status != 500 || resp.Allowed || resp.UID != "uid-1" || resp.Result.Code != 500 {
		t.Fatalf("got %d %+v", status, resp)
	}
	if testutil.ToFloat64(metrics.Panics) != 1 {
		t.Error("panic not counted")
	}
}

func TestNamespaceLookupFailureLetsFailurePolicyDecide(t *testing.T) {
	h, _ := testHandlers(t, addSidecar{})
	h.namespaces = failingNamespaces{}
	for _, ep := range []http.Handler{h.Mutate(), h.Validate()} {
		status, resp := post(t, ep, "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
		if status != 500 || resp.UID != "uid-1" ||
			!strings.Contains(resp.Result.Message, "namespace not in the informer cache") {
			t.Fatalf("got %d %+v", status, resp.Result)
		}
	}
}

func TestValidateModes(t *testing.T) {
	cases := []struct {
		mode    string
		allowed bool
		check   func(t *testing.T, r *admissionv1.AdmissionResponse)
	}{
		{"enforce", false, func(t *testing.T, r *admissionv1.AdmissionResponse) {
			want := `podpatterns profile "strict" denied the pod (1 violation): spec.containers[0].resources.limits.cpu (limits-required): profile requires a cpu limit`
			if r.Result.Code != 403 || r.Result.Message != want {
				t.Errorf("denial %d %q", r.Result.Code, r.Result.Message)
			}
		}},
		{"warn", true, func(t *testing.T, r *admissionv1.AdmissionResponse) {
			want := `podpatterns profile "strict": spec.containers[0].resources.limits.cpu (limits-required): profile requires a cpu limit`
			if len(r.Warnings) != 1 || r.Warnings[0] != want {
				t.Errorf("warnings %q", r.Warnings)
			}
		}},
		{"audit", true, func(t *testing.T, r *admissionv1.AdmissionResponse) {
			if r.AuditAnnotations["limits-required"] != "spec.containers[0].resources.limits.cpu: profile requires a cpu limit" {
				t.Errorf("audit annotations %v", r.AuditAnnotations)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			h, metrics := testHandlers(t)
			h.namespaces = StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "strict", validators.LabelProfileMode: tc.mode}}
			status, resp := post(t, h.Validate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
			if status != 200 || resp.Allowed != tc.allowed || resp.Patch != nil || resp.PatchType != nil {
				t.Fatalf("got %d allowed=%v patch=%s", status, resp.Allowed, resp.Patch)
			}
			tc.check(t, resp)
			if got := testutil.ToFloat64(metrics.Violations.WithLabelValues("strict", "limits-required", tc.mode)); got != 1 {
				t.Errorf("violations metric = %v", got)
			}
		})
	}
}

// TestValidateUnknownProfileInAuditModeWarns: audit mode admits, but a namespace naming a
// profile that does not exist is also a warning, never only an audit log line.
func TestValidateUnknownProfileInAuditModeWarns(t *testing.T) {
	h, _ := testHandlers(t)
	h.namespaces = StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "typo", validators.LabelProfileMode: "audit"}}
	_, resp := post(t, h.Validate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	if !resp.Allowed || len(resp.Warnings) != 1 || !strings.Contains(resp.Warnings[0], "(unknown-profile)") ||
		resp.AuditAnnotations["unknown-profile"] == "" {
		t.Fatalf("got allowed=%v warnings=%q audit=%v", resp.Allowed, resp.Warnings, resp.AuditAnnotations)
	}
}

func TestValidateUnknownProfileIsNeverASilentAllow(t *testing.T) {
	h, metrics := testHandlers(t)
	h.namespaces = StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "typo"}}
	_, resp := post(t, h.Validate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	if resp.Allowed || !strings.Contains(resp.Result.Message, "(unknown-profile)") {
		t.Fatalf("got %+v", resp.Result)
	}
	if got := testutil.ToFloat64(metrics.Violations.WithLabelValues("unknown", "unknown-profile", "enforce")); got != 1 {
		t.Errorf("unknown profile must be counted under the bounded label: %v", got)
	}
}
