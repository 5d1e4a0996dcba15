package webhook

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/jsonscan"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// pathPair is the same pipeline and namespace behind the fast paths and the
// straightforward ones (whole pod decoded, chain and patch always run).
type pathPair struct{ fast, straight *Handlers }

func newPathPair(p *admission.Pipeline, ns StaticNamespaces) pathPair {
	mk := func(straight bool) *Handlers {
		h := NewHandlers(p, ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())
		h.straight = straight
		return h
	}
	return pathPair{fast: mk(false), straight: mk(true)}
}

// serve posts a CREATE of podJSON to endpoint and returns the HTTP status and body.
// podJSON is spliced into the review as it is: bytes that are not JSON make a review
// that is not JSON either, which both paths must answer alike (json.Marshal of the
// review would refuse them before any handler runs).
func serve(t testing.TB, h *Handlers, endpoint string, namespace string, podJSON []byte) (int, []byte) {
	envelope, err := json.Marshal(admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "diff", Operation: admissionv1.Create, Namespace: namespace,
			Resource: metav1.GroupVersionResource{Version: "v1", Resource: "pods"}, Object: runtime.RawExtension{Raw: []byte(`"POD"`)}}})
	if err != nil {
		t.Fatal(err)
	}
	body := bytes.Replace(envelope, []byte(`"object":"POD"`), append([]byte(`"object":`), podJSON...), 1)
	handler := h.Mutate()
	if endpoint == "validate" {
		handler = h.Validate()
	}
	req := httptest.NewRequest("POST", "/"+endpoint, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// compare fails when the two paths answer podJSON differently.
func (pp pathPair) compare(t testing.TB, endpoint, namespace string, podJSON []byte) (int, []byte) {
	t.Helper()
	fastCode, fast := serve(t, pp.fast, endpoint, namespace, podJSON)
	straightCode, straight := serve(t, pp.straight, endpoint, namespace, podJSON)
	if fastCode != straightCode || !bytes.Equal(fast, straight) {
		t.Errorf("/%s answers differ:\n fast     %d %s\n straight %d %s", endpoint, fastCode, fast, straightCode, straight)
	}
	return fastCode, fast
}

// withoutSelection is podJSON without any podpatterns.io annotation: the pod the idle
// fast path answers.
func withoutSelection(t testing.TB, podJSON []byte) []byte {
	var pod map[string]any
	if err := json.Unmarshal(podJSON, &pod); err != nil {
		t.Fatal(err)
	}
	if md, ok := pod["metadata"].(map[string]any); ok {
		if anns, ok := md["annotations"].(map[string]any); ok {
			maps.DeleteFunc(anns, func(k string, _ any) bool { return strings.HasPrefix(k, "podpatterns.io/") })
		}
	}
	out, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFastPathsAnswerAsTheStraightPath: for every golden case, as written and without
// its podpatterns.io annotations, /mutate in the case's namespace and /validate under
// every profile of its config answer byte for byte what the straightforward path does.
func TestFastPathsAnswerAsTheStraightPath(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := c.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			ns := StaticNamespaces{Labels: c.Namespace.Labels, Annotations: c.Namespace.Annotations}
			pods := [][]byte{c.PodJSON, withoutSelection(t, c.PodJSON)}
			if mutated := mutatedPod(t, newPathPair(p, ns), c.Namespace.Name, c.PodJSON); mutated != nil {
				pods = append(pods, mutated) // injected sidecars: the validators' exemptions
			}
			for _, pod := range pods {
				newPathPair(p, ns).compare(t, "mutate", c.Namespace.Name, pod)
				for _, profile := range append(slices.Sorted(maps.Keys(p.Config.Profiles)), "undefined") {
					labels := maps.Clone(c.Namespace.Labels)
					if labels == nil {
						labels = map[string]string{}
					}
					labels[mutators.LabelProfile] = profile
					newPathPair(p, StaticNamespaces{Labels: labels, Annotations: c.Namespace.Annotations}).
						compare(t, "validate", c.Namespace.Name, pod)
				}
			}
		})
	}
}

// FuzzFastPaths: for any pod JSON, /mutate and /validate (profiles standard and
// guaranteed of examples/config.yaml, namespace opted in) answer as the straightforward
// path whenever the pod decodes as a Pod. A pod that does not decode is answered 400
// by the straightforward path; the fast paths decide from the fields they read, so they
// may admit it when its broken field is one no decision reads (the API server decoded
// and validates the pod itself), and answer the same 400 otherwise.
func FuzzFastPaths(f *testing.F) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		f.Add(c.PodJSON, "guaranteed")
	}
	f.Add([]byte(`{"metadata":{"annotations":{"podpatterns.io/sidecars":"log-shipper"}},"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1e3"}}}]}}`), "standard")
	f.Add([]byte(`{"spec":{"containers":[{"name":"a","env":7}]}}`), "standard")
	// an escaped key: the pod does not look like it selects anything, its decoded keys do
	f.Add([]byte(`{"metadata":{"annotations":{"podpatterns\u002eio/sidecars":"log-shipper"}},"spec":{"containers":[{"name":"a"}]}}`), "standard")
	f.Add([]byte(`{"metadata":{"annotations":{"podpatterns.io/inject":"false"}},"spec":{"priority":99999999999}}`), "standard")
	for i, s := range viewSeeds { // the view scanner's own seeds: strings and quantities shared with the body
		f.Add([]byte(s), []string{"standard", "guaranteed"}[i%2])
	}
	// not JSON (found by the fuzzer: serve could not build the review): the review is not
	// JSON either, and both paths answer the same 400
	f.Add([]byte("A"), "0")
	cfg := mutatorstest.ExampleConfig(f)
	p := admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:fuzz"})
	f.Fuzz(func(t *testing.T, podJSON []byte, profile string) {
		pp := newPathPair(p, StaticNamespaces{Labels: map[string]string{
			mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: profile}})
		decodes := json.Unmarshal(podJSON, &corev1.Pod{}) == nil
		for _, endpoint := range []string{"mutate", "validate"} {
			if decodes {
				pp.compare(t, endpoint, "fuzz", podJSON)
				continue
			}
			fastCode, fast := serve(t, pp.fast, endpoint, "fuzz", podJSON)
			straightCode, straight := serve(t, pp.straight, endpoint, "fuzz", podJSON)
			if fastCode != 200 && (fastCode != straightCode || !bytes.Equal(fast, straight)) {
				t.Errorf("/%s undecodable pod: fast %d %s, straight %d %s", endpoint, fastCode, fast, straightCode, straight)
			}
		}
	})
}

// mutatedPod is podJSON with the straightforward /mutate's patch applied (nil when the
// pod is denied or unchanged).
func mutatedPod(t *testing.T, pp pathPair, namespace string, podJSON []byte) []byte {
	_, body := pp.compare(t, "mutate", namespace, podJSON)
	var review admissionv1.AdmissionReview
	if err := json.Unmarshal(body, &review); err != nil || review.Response == nil {
		t.Fatalf("undecodable answer %s: %v", body, err)
	}
	if len(review.Response.Patch) == 0 {
		return nil
	}
	pod, err := mutatorstest.ApplyPatch(podJSON, review.Response.Patch)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(pod)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeepObjectAnsweredAsEncodingJSON: encoding/json's nesting limit counts the whole
// review, so a request.object nested to the limit on its own is past it inside the
// review: the one-pass scan refuses it there too, and the answer is encoding/json's
// refusal of the review (a 400 naming the depth), on both paths.
func TestDeepObjectAnsweredAsEncodingJSON(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	pp := newPathPair(admission.Compose(cfg, admission.Deps{}), StaticNamespaces{Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}})
	n := jsonscan.MaxDepth - 2 // the review and its request are two more
	deep := []byte(`{"metadata":{"name":"deep"},"spec":{"containers":[]},"x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`)
	for _, endpoint := range []string{"mutate", "validate"} {
		code, body := pp.compare(t, endpoint, "shop", deep)
		if code != http.StatusBadRequest || !bytes.Contains(body, []byte("exceeded max depth")) {
			t.Errorf("/%s: %d %s, want 400 with encoding/json's depth error", endpoint, code, body)
		}
	}
}
