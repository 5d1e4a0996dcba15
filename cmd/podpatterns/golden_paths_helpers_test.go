package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

// handlersFor serves p with the case's namespace, as the server would with its cache.
func handlersFor(c *mutatorstest.Case, p *admission.Pipeline) (*webhook.Handlers, *webhook.Metrics) {
	ns := webhook.StaticNamespaces{Labels: c.Namespace.Labels, Annotations: c.Namespace.Annotations}
	m := webhook.NewMetrics(prometheus.NewRegistry())
	return webhook.NewHandlers(p, ns, m, logr.Discard()), m
}

// skipsTotal sums podpatterns_skips_total over every label set.
func skipsTotal(t *testing.T, m *webhook.Metrics) float64 {
	t.Helper()
	ch := make(chan prometheus.Metric, 100)
	go func() { m.Skips.Collect(ch); close(ch) }()
	var sum float64
	for metric := range ch {
		var out dto.Metric
		if err := metric.Write(&out); err != nil {
			t.Fatal(err)
		}
		sum += out.GetCounter().GetValue()
	}
	return sum
}

// postPod sends a CREATE of podJSON in namespace to /mutate and returns the response.
func postPod(t *testing.T, h *webhook.Handlers, namespace string, podJSON []byte) *admissionv1.AdmissionResponse {
	t.Helper()
	body, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "golden", Operation: admissionv1.Create, Namespace: namespace,
			Kind:     metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
			Object:   runtime.RawExtension{Raw: podJSON}},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/mutate", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.Mutate().ServeHTTP(rec, req)
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(rec.Body.Bytes(), &review); err != nil || review.Response == nil || rec.Code != 200 {
		t.Fatalf("status %d, body %s (%v)", rec.Code, rec.Body, err)
	}
	return review.Response
}

// injectArgs are the `podpatterns inject` arguments that give the CLI the case's config,
// namespace, PriorityClasses, LimitRanges and the golden render image.
func injectArgs(t *testing.T, c *mutatorstest.Case) []string {
	return injectArgsIn(t, c, c.ConfigData, c.Namespace)
}

// injectArgsIn are the `podpatterns inject` arguments for the case's pod with config
// data in namespace ns.
func injectArgsIn(t *testing.T, c *mutatorstest.Case, data []byte, ns mutators.Namespace) []string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, string(data))
	args := []string{"inject", "-f", "-", "--config", cfg, "-n", ns.Name, "--self-image", mutatorstest.RenderImage}
	if len(c.PriorityClasses) > 0 {
		var docs []string
		for _, pc := range c.PriorityClasses {
			out, err := yaml.Marshal(pc)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, string(out))
		}
		classes := filepath.Join(dir, "classes.yaml")
		writeFile(t, classes, strings.Join(docs, "---\n"))
		args = append(args, "--priority-classes", classes)
	}
	if len(c.LimitRanges) > 0 {
		var docs []string
		for _, lr := range c.LimitRanges {
			lr = lr.DeepCopy()
			lr.APIVersion, lr.Kind = "v1", "LimitRange"
			out, err := yaml.Marshal(lr)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, string(out))
		}
		ranges := filepath.Join(dir, "limitranges.yaml")
		writeFile(t, ranges, strings.Join(docs, "---\n"))
		args = append(args, "--limit-ranges", ranges)
	}
	labels := maps.Clone(ns.Labels)
	if _, ok := labels[mutators.LabelInject]; !ok {
		labels[mutators.LabelInject] = "" // the CLI's default opts the namespace in: remove it
	}
	args = append(args, mapFlag("--namespace-labels", labels)...)
	return append(args, mapFlag("--namespace-annotations", ns.Annotations)...)
}

// mapFlag renders m as one flag per pair, each pair CSV-quoted (pflag's map flags split
// their value as a CSV record, and annotation values contain commas).
func mapFlag(name string, m map[string]string) []string {
	var args []string
	for k, v := range m {
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write([]string{k + "=" + v})
		w.Flush()
		args = append(args, name+"="+strings.TrimSuffix(b.String(), "\n"))
	}
	return args
}

func podName(c *mutatorstest.Case) string { return "Pod/" + c.Pod().Name }

func decodePod(t *testing.T, out string) *corev1.Pod {
	t.Helper()
	pod := &corev1.Pod{}
	if err := yaml.UnmarshalStrict([]byte(out), pod); err != nil {
		t.Fatalf("inject output is not one pod: %v\n%s", err, out)
	}
	return pod
}

// withGoldenRevision returns a copy of pod whose status annotation carries the golden
// revision: the CLI stamps the config file's own.
func withGoldenRevision(pod *corev1.Pod) *corev1.Pod {
	out := pod.DeepCopy()
	if s, ok := mutators.ParseStatus(out.Annotations[mutators.AnnotationStatus]); ok {
		s.Revision = mutatorstest.Revision
		b, _ := json.Marshal(s)
		out.Annotations[mutators.AnnotationStatus] = string(b)
	}
	return out
}
