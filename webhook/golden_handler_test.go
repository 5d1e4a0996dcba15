package webhook

import (
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestGoldenCasesThroughHandler sends every mutator golden case as a real AdmissionReview
// to /mutate, applies the returned JSON patch to the case's input JSON and compares the
// result with the golden pod; denied cases must be denied with every golden denial in the
// message. Then the patched pod is sent again (reinvocation): no patch.
func TestGoldenCasesThroughHandler(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	pipelines := map[string]*admission.Pipeline{}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p := pipelines[c.ConfigName]
			if p == nil {
				cfg, err := config.Parse(c.ConfigName, c.ConfigData)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Revision = mutatorstest.Revision // golden files carry a fixed revision
				p = admission.Compose(cfg, admission.Deps{RenderImage: mutatorstest.RenderImage})
				pipelines[c.ConfigName] = p
			}
			golden, err := mutatorstest.ReadGolden(c.GoldenPath)
			if err != nil {
				t.Fatal(err)
			}
			ns := StaticNamespaces{Labels: c.Namespace.Labels, Annotations: c.Namespace.Annotations}
			h := NewHandlers(p, ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())

			status, resp := post(t, h.Mutate(), "POST", "application/json", reviewBodyIn(t, c.Namespace.Name, admissionv1.Create, "pods", c.PodJSON))
			if status != 200 {
				t.Fatalf("status %d: %+v", status, resp.Result)
			}
			if !equality.Semantic.DeepEqual(resp.Warnings, golden.Report.Warnings) && (len(resp.Warnings)+len(golden.Report.Warnings) > 0) {
				t.Errorf("warnings %q, golden %q", resp.Warnings, golden.Report.Warnings)
			}
			if golden.Pod == nil {
				if resp.Allowed {
					t.Fatal("golden case is denied, handler allowed it")
				}
				for _, d := range golden.Report.Denials {
					if !strings.Contains(resp.Result.Message, d) {
						t.Errorf("denial message %q lacks %q", resp.Result.Message, d)
					}
				}
				return
			}
			if !resp.Allowed {
				t.Fatalf("denied: %s", resp.Result.Message)
			}
			patched := mutatorstest.CheckPatch(t, c.PodJSON, resp.Patch, golden.Pod)
			_, again := post(t, h.Mutate(), "POST", "application/json", reviewBodyIn(t, c.Namespace.Name, admissionv1.Create, "pods", patched))
			if !again.Allowed || again.Patch != nil {
				t.Errorf("second pass: allowed=%v patch=%s", again.Allowed, again.Patch)
			}
		})
	}
}
