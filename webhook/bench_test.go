package webhook

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// benchPod is the harness's all-patterns pod as the API server sends it (with its kind).
func benchPod() *corev1.Pod {
	pod := mutatorstest.AllPatternsPod()
	pod.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
	return pod
}

func benchHandlers(b *testing.B) *Handlers {
	cfg := mutatorstest.ExampleConfig(b)
	ns := StaticNamespaces{Labels: map[string]string{"podpatterns.io/inject": "enabled"}}
	return NewHandlers(admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:bench"}), ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())
}

// BenchmarkMutateHandler is one full /mutate request (decode, chain, patch, encode)
// without TLS and HTTP transport.
func BenchmarkMutateHandler(b *testing.B) {
	h := benchHandlers(b)
	pod, _ := json.Marshal(benchPod())
	review := admissionv1.AdmissionReview{TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "u", Operation: admissionv1.Create, Namespace: "shop",
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"}, Object: runtimeRaw(pod)}}
	body, _ := json.Marshal(review)
	handler := h.Mutate()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/mutate", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Body.String())
		}
	}
}

// BenchmarkPodPatch is the patch computation alone for the same pod.
func BenchmarkPodPatch(b *testing.B) {
	h := benchHandlers(b)
	orig := benchPod()
	mutated := orig.DeepCopy()
	h.Pipeline().Mutators.Mutate(newBenchRequest(mutated))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := patch.Pod(orig, mutated); err != nil {
			b.Fatal(err)
		}
	}
}

func runtimeRaw(b []byte) runtime.RawExtension { return runtime.RawExtension{Raw: b} }

func newBenchRequest(p *corev1.Pod) *mutators.Request {
	return mutators.NewRequest(p, mutators.Namespace{Name: p.Namespace, Labels: map[string]string{"podpatterns.io/inject": "enabled"}})
}
