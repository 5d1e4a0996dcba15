package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
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
)

// extremeCase is one hostile or oversized input with its exact expected answer on one
// endpoint.
type extremeCase struct {
	name     string
	endpoint string // WebhookMutate or WebhookValidate
	body     []byte
	status   int  // HTTP status
	allowed  bool // for a 200
	code     int32
	contains string // in the result message or a warning
	uid      string // the UID echoed: "" only when the body could not be read
}

// examplesHandlers are the real chains of examples/config.yaml, in a namespace opted into
// injection with the enforcing "standard" profile.
func examplesHandlers(t testing.TB) (*Handlers, *Metrics) {
	t.Helper()
	cfg := mutatorstest.ExampleConfig(t)
	m := NewMetrics(prometheus.NewRegistry())
	ns := StaticNamespaces{Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}}
	return NewHandlers(admission.Compose(cfg, admission.Deps{}), ns, m, logr.Discard()), m
}

// extremePod is an ordinary pod that asks for every pattern, changed by edit.
func extremePod(edit func(*corev1.Pod)) *corev1.Pod {
	res := corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": resource.MustParse("100m"), "memory": resource.MustParse("64Mi")}}
	pod := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "team", Annotations: map[string]string{
			mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app", Resources: res}}}}
	edit(pod)
	return pod
}

func podReview(t testing.TB, pod *corev1.Pod) []byte {
	t.Helper()
	raw, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	review, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Operation: admissionv1.Create, Namespace: "team",
			Kind: metav1.GroupVersionKind{Version: "v1", Kind: "Pod"}, Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Object: runtime.RawExtension{Raw: raw}}})
	if err != nil {
		t.Fatal(err)
	}
	return review
}

// extremeCases: the quantities that hung the server, 20,000 containers (a 37.7 MB
// patch before), 1000 annotations, a 3 MiB pod, a body over the cap, deep nesting.
func extremeCases(t testing.TB) []extremeCase {
	quantity := func(q string) []byte {
		return podReview(t, extremePod(func(p *corev1.Pod) { p.Spec.Containers[0].Resources.Requests["cpu"] = resource.MustParse(q) }))
	}
	many := podReview(t, extremePod(func(p *corev1.Pod) {
		c := p.Spec.Containers[0]
		p.Spec.Containers = nil
		for i := range 20000 {
			c.Name = fmt.Sprintf("c%d", i)
			p.Spec.Containers = append(p.Spec.Containers, c)
		}
	}))
	// 20,000 containers that each break the standard profile twice (no cpu, no memory
	// request): the denial lists 20 violations and counts the rest.
	violating := podReview(t, extremePod(func(p *corev1.Pod) {
		c := corev1.Container{Image: "app"}
		p.Spec.Containers = nil
		for i := range 20000 {
			c.Name = fmt.Sprintf("c%d", i)
			p.Spec.Containers = append(p.Spec.Containers, c)
		}
	}))
	annotations := podReview(t, extremePod(func(p *corev1.Pod) {
		for i := range 1000 {
			p.Annotations[fmt.Sprintf("example.com/a%d", i)] = strings.Repeat("v", 100)
		}
	}))
	big := podReview(t, extremePod(func(p *corev1.Pod) { p.Annotations["example.com/blob"] = strings.Repeat("x", 3<<20) }))
	deep := []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"uid-1","object":` +
		strings.Repeat(`{"a":[`, 100000) + strings.Repeat(`]}`, 100000) + `}}`)
	over := append([]byte(`{"request":{"uid":"uid-1","object":{"x":"`), bytes.Repeat([]byte("x"), MaxBodyBytes)...)
	outOfRange := "is out of range"
	return []extremeCase{
		{"cpu 1e2147483647", WebhookMutate, quantity("1e2147483647"), 200, false, 403, outOfRange, "uid-1"},
		{"cpu 1e2147483647", WebhookValidate, quantity("1e2147483647"), 200, false, 403, outOfRange, "uid-1"},
		{"cpu 10e2147483646", WebhookMutate, quantity("10e2147483646"), 200, false, 403, outOfRange, "uid-1"},
		{"cpu 10e2147483646", WebhookValidate, quantity("10e2147483646"), 200, false, 403, outOfRange, "uid-1"},
		{"20000 containers", WebhookMutate, many, 200, true, 200, "the pod has 20000 containers, more than the 250 podpatterns mutates", "uid-1"},
		{"20000 containers", WebhookValidate, many, 200, true, 200, "", "uid-1"},
		{"20000 violating containers", WebhookValidate, violating, 200, false, 403,
			"podpatterns profile \"standard\" denied the pod (40001 violations): spec.containers[0].resources.requests[cpu]", "uid-1"},
		{"1000 annotations", WebhookMutate, annotations, 200, true, 200, "", "uid-1"},
		{"3 MiB pod", WebhookMutate, big, 200, true, 200, "", "uid-1"},
		{"3 MiB pod", WebhookValidate, big, 200, true, 200, "", "uid-1"},
		{"body over 7 MiB", WebhookMutate, over, 413, false, 413, "request body larger than", ""},
		{"nesting 100000 deep", WebhookMutate, deep, 400, false, 400, "exceeded max depth", ""},
	}
}
