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
	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

// minDoors guards against a table that lost its profiles or cases.
const minDoors = 400

// TestEveryDoorDecidesAlike is one decision, three doors, for every row of the shared
// table (mutatorstest.Doors: every golden case in its own namespace and in one namespace
// per shipped profile): the admission core decides (mutate, then validate the mutated
// pod); /mutate then /validate on the patched pod, and `podpatterns inject` and
// `podpatterns validate` give that decision — allowed or the same denial, the same pod,
// the same warnings (mutating then validating) and audit annotations. The apiserver door
// is test/e2e TestEveryDoorThroughAPIServer, over the same table.
func TestEveryDoorDecidesAlike(t *testing.T) {
	doors := mutatorstest.AllDoors(t)
	if len(doors) < minDoors {
		t.Fatalf("only %d rows in the table, want at least %d", len(doors), minDoors)
	}
	for _, d := range doors {
		t.Run(d.Case.Name+"/"+d.Name(), func(t *testing.T) {
			p, err := d.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			core, err := p.Decide(d.Case.Pod(), d.Namespace)
			if err != nil {
				t.Fatal(err)
			}
			checkWebhooksDecide(t, d, p, core)
			checkCLIDecides(t, d, core)
		})
	}
}

// checkWebhooksDecide: /mutate gives the core's mutation; /validate, on the pod the
// patch produces, the core's validation.
func checkWebhooksDecide(t *testing.T, d mutatorstest.Door, p *admission.Pipeline, core admission.Decision) {
	h := webhook.NewHandlers(p, webhook.StaticNamespaces{Labels: d.Namespace.Labels, Annotations: d.Namespace.Annotations},
		webhook.NewMetrics(prometheus.NewRegistry()), logr.Discard())
	m := postPod(t, h, d.Namespace.Name, d.Case.PodJSON)
	if m.Allowed == core.Mutation.Denied() || (!m.Allowed && m.Result.Message != core.Mutation.Denial) ||
		!slices.Equal(m.Warnings, core.Mutation.Report.Warnings) || string(m.Patch) != string(core.Mutation.Patch) {
		t.Fatalf("/mutate: allowed=%v %q warnings %q patch %s; core %+v", m.Allowed, m.Result.Message, m.Warnings, m.Patch, core.Mutation)
	}
	if core.Validation == nil {
		return
	}
	patched := mutatorstest.CheckPatch(t, d.Case.PodJSON, m.Patch, core.Mutation.Pod)
	want := core.Validation.Answer
	got := postValidate(t, h, d.Namespace.Name, json.RawMessage(patched))
	if got.UID != "golden" || got.Allowed != want.Allowed || (!want.Allowed && got.Result.Message != want.Message) ||
		!slices.Equal(got.Warnings, want.Warnings) || !maps.Equal(got.AuditAnnotations, want.AuditAnnotations) {
		t.Errorf("/validate: uid %q allowed=%v %q warnings %q audit %v; core %+v", got.UID, got.Allowed, got.Result.Message, got.Warnings, got.AuditAnnotations, want)
	}
}

// checkCLIDecides: `podpatterns inject` prints the core's pod and warnings (or its
// denial); `podpatterns validate`, in a namespace with a profile, prints every warning
// and the verdict.
func checkCLIDecides(t *testing.T, d mutatorstest.Door, core admission.Decision) {
	args := injectArgsIn(t, d.Case, d.ConfigData, d.Namespace)
	out, stderr, err := runCLI(t, string(d.Case.PodJSON), args...)
	switch {
	case core.Mutation.Denied():
		if exitCode(err) != 1 || !strings.Contains(stderr, "Error: "+podName(d.Case)+": "+core.Mutation.Denial) {
			t.Errorf("inject: core denies with %q; exit %d, stderr %q", core.Mutation.Denial, exitCode(err), stderr)
		}
	case err != nil:
		t.Errorf("inject: %v\n%s", err, stderr)
	default:
		if got := decodePod(t, out); !equality.Semantic.DeepEqual(withGoldenRevision(got), withGoldenRevision(core.Mutation.Pod)) {
			t.Errorf("inject: pod (-core +cli):\n%s", cmp.Diff(withGoldenRevision(core.Mutation.Pod), withGoldenRevision(got)))
		}
	}
	profile, ok := d.Namespace.Labels[mutators.LabelProfile]
	if !ok {
		return // `validate` judges a profile; the validating webhook admits the pod unchanged
	}
	args[0] = "validate"
	out, stderr, err = runCLI(t, string(d.Case.PodJSON), append(args, "--profile", profile)...)
	var want strings.Builder
	name := podName(d.Case)
	for _, w := range core.Mutation.Report.Warnings {
		want.WriteString(name + ": Warning: " + w + "\n")
	}
	switch {
	case core.Mutation.Denied():
		want.WriteString(name + ": denied: " + core.Mutation.Denial + "\n")
	case len(core.Validation.Violations) == 0:
		want.WriteString(name + ": ok\n")
	default:
		printAnswer(&want, name, core.Validation.Answer)
	}
	if out != want.String() || (exitCode(err) == 1) == core.Allowed() {
		t.Errorf("validate (exit %d, stderr %q):\n%s\ncore:\n%s", exitCode(err), stderr, out, want.String())
	}
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
