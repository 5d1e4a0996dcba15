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
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// benchPod is a realistic app pod that asks for every pattern of examples/config.yaml.
func benchPod() *corev1.Pod {
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")},
	}
	return &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web-7d9f8", Namespace: "shop", Labels: map[string]string{"app": "web", "tier": "frontend"},
			Annotations: map[string]string{
				"podpatterns.io/sidecars": "log-shipper", "podpatterns.io/adapters": "prometheus-exporter",
				"podpatterns.io/ambassadors": "redis", "podpatterns.io/config-template": "nginx",
				"podpatterns.io/downward-api": "true", "podpatterns.io/prestop": "true",
			}},
		Spec: corev1.PodSpec{
			ServiceAccountName: "web",
			Containers: []corev1.Container{
				{Name: "nginx", Image: "nginx:1.27", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, Resources: res,
					Env: []corev1.EnvVar{{Name: "MODE", Value: "prod"}}},
				{Name: "app", Image: "shop/web:1.4.2", Resources: res, Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}}},
			},
		},
	}
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
