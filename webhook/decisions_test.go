package webhook

import (
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/mutators"
)

// skipsSidecar is a test mutator that skips an unknown template, like the sidecar
// injector does for a name the config lacks.
type skipsSidecar struct{}

func (skipsSidecar) Name() string { return "skips" }
func (skipsSidecar) Mutate(r *mutators.Request) {
	r.Report.Skip(mutators.PatternSidecar, "nope", mutators.SkipUnknownTemplate, true, "no template named %q", "nope")
}

type recordedSkips struct{ calls [][]mutators.Skip }

func (r *recordedSkips) Skipped(_ string, _ *corev1.Pod, s []mutators.Skip) {
	r.calls = append(r.calls, s)
}

// TestDecisionLog: every decision is one info line naming the pod, the webhook, the
// result, what was injected, skipped or violated; in-flight goes back to 0; skips become
// events except for dry-run requests.
func TestDecisionLog(t *testing.T) {
	var lines []string
	h, metrics := testHandlers(t, addSidecar{}, skipsSidecar{})
	h.LogDecisions(decisionlog.New(funcr.NewJSON(func(s string) { lines = append(lines, s) }, funcr.Options{}), decisionlog.DefaultOptions(), nil))
	events := &recordedSkips{}
	h.RecordSkips(events)

	post(t, h.Mutate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	post(t, h.Validate(), "POST", "application/json", reviewBody(t, admissionv1.Create, "pods", podJSON(t)))
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	body = []byte(strings.Replace(string(body), `"uid":"uid-1"`, `"uid":"uid-1","dryRun":true`, 1))
	post(t, h.Mutate(), "POST", "application/json", body)
	post(t, h.Mutate(), "POST", "application/json", []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`))

	if len(lines) != 4 {
		t.Fatalf("%d decision lines, want 4:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for _, want := range []string{`"msg":"admission"`, `"webhook":"mutate"`, `"result":"patched"`, `"namespace":"team"`, `"pod":"web"`,
		`"injected":["sidecar/helper"]`, `"skipped":["sidecar/nope: unknown-template"]`, `"revision":"test"`, `"latency":`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("mutate line lacks %s: %s", want, lines[0])
		}
	}
	for _, want := range []string{`"webhook":"validate"`, `"result":"denied"`, `"violations":["limits-required (enforce) at spec.containers[0].resources.limits.cpu"]`, `"reason":"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("validate line lacks %s: %s", want, lines[1])
		}
	}
	if !strings.Contains(lines[3], `"result":"bad-request"`) || !strings.Contains(lines[3], `"reason":"`) {
		t.Errorf("bad request line: %s", lines[3])
	}
	if len(events.calls) != 1 || events.calls[0][0].Reason != mutators.SkipUnknownTemplate {
		t.Errorf("skip events: %+v (want one, none for the dry run)", events.calls)
	}
	for _, w := range webhookNames {
		if v := testutil.ToFloat64(metrics.InFlight.WithLabelValues(w)); v != 0 {
			t.Errorf("in-flight %s = %v after the requests", w, v)
		}
	}
}
