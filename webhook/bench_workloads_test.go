package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// The workloads webhook next to /validate, on the same pod (benchPod, with and without
// its pattern annotations) in a namespace opted in with profile standard: a Deployment
// whose template selects nothing costs what /validate costs for its pod (view decode,
// no mutation); one selecting every pattern costs /mutate's decode and chain plus the
// validation. go test -run XXX -bench 'Handler' -benchmem ./webhook/
func BenchmarkValidateHandler(b *testing.B) {
	for _, tc := range benchTemplates() {
		b.Run(tc.name, func(b *testing.B) {
			raw, _ := json.Marshal(tc.pod)
			benchServe(b, func(h *Handlers) http.Handler { return h.Validate() }, "pods", "", raw)
		})
	}
}

func BenchmarkWorkloadsHandler(b *testing.B) {
	for _, tc := range benchTemplates() {
		b.Run(tc.name, func(b *testing.B) {
			d := appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
				ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop"},
				Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: tc.pod.Labels},
					Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: tc.pod.Labels, Annotations: tc.pod.Annotations}, Spec: tc.pod.Spec}}}
			raw, _ := json.Marshal(d)
			benchServe(b, func(h *Handlers) http.Handler { return h.Workloads() }, "deployments", "apps", raw)
		})
	}
}

type benchTemplate struct {
	name string
	pod  *corev1.Pod
}

func benchTemplates() []benchTemplate {
	none := benchPod()
	none.Annotations = nil
	return []benchTemplate{{"selects-nothing", none}, {"all-patterns", benchPod()}}
}

// benchServe posts a CREATE of raw to the endpoint until the benchmark ends; every
// answer must be allowed without warnings (the pod satisfies profile standard).
func benchServe(b *testing.B, endpoint func(*Handlers) http.Handler, resource, group string, raw []byte) {
	data, err := json.Marshal(admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "u", Operation: admissionv1.Create, Namespace: "shop",
			Resource: metav1.GroupVersionResource{Group: group, Version: "v1", Resource: resource}, Object: runtimeRaw(raw)}})
	if err != nil {
		b.Fatal(err)
	}
	ns := StaticNamespaces{Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}}
	h := endpoint(NewHandlers(examplesPipeline(b), ns, NewMetrics(prometheus.NewRegistry()), logr.Discard()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(data))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || bytes.Contains(rec.Body.Bytes(), []byte(`"warnings"`)) || !bytes.Contains(rec.Body.Bytes(), []byte(`"allowed":true`)) {
			b.Fatal(rec.Body.String())
		}
	}
}
