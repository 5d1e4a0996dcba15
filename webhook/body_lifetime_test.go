package webhook

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/go-logr/logr/funcr"
	"github.com/prometheus/client_golang/prometheus"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/record"

	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/skipevents"
)

// within reports whether s's bytes lie inside b.
func within(s string, b []byte) bool {
	p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return len(s) > 0 && p >= start && p+uintptr(len(s)) <= start+uintptr(len(b))
}

// TestRequestReadsViewsOfTheBody is the premise of the body's lifetime: request.object,
// the pod view's strings and the decoded pod's are views of the request's body buffer,
// not copies (read with the view and without).
func TestRequestReadsViewsOfTheBody(t *testing.T) {
	body, err := os.ReadFile("testdata/bench/all.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, withView := range []bool{true, false} {
		r := httptest.NewRequest("POST", "/mutate", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var ov *objectView
		if withView {
			ov = &objectView{want: func([]byte) bool { return true }}
		}
		buf := new(bytes.Buffer)
		var review admissionv1.AdmissionReview
		if rerr := readReview(r, buf, &review, ov); rerr != nil {
			t.Fatal(rerr)
		}
		raw := review.Request.Object.Raw
		if !within(unsafe.String(unsafe.SliceData(raw), len(raw)), buf.Bytes()) {
			t.Errorf("view %v: request.object is a copy", withView)
		}
		pod, err := decodePod(raw)
		if err != nil {
			t.Fatal(err)
		}
		if image := pod.Spec.Containers[0].Image; !within(image, buf.Bytes()) {
			t.Errorf("view %v: the decoded pod's image %q is a copy", withView, image)
		}
		if withView {
			if image := ov.view.pod().Spec.Containers[0].Image; !within(image, buf.Bytes()) {
				t.Errorf("the view's image %q is a copy", image)
			}
		}
	}
}

// eventsKept is an EventRecorder that keeps what the skip recorder hands it, as
// client-go's recorder keeps events in its queue and caches after the request.
type eventsKept struct{ objects []runtime.Object }

func (e *eventsKept) Event(o runtime.Object, _, _, _ string) { e.objects = append(e.objects, o) }
func (e *eventsKept) Eventf(o runtime.Object, _, _, _ string, _ ...any) {
	e.objects = append(e.objects, o)
}
func (e *eventsKept) AnnotatedEventf(o runtime.Object, _ map[string]string, _, _, _ string, _ ...any) {
	e.objects = append(e.objects, o)
}

var _ record.EventRecorder = (*eventsKept)(nil)

// TestNothingKeepsTheBody: after requests with injections, skips (an event to the
// pod's ReplicaSet), violations and decision logs, whatever outlives them (the metrics'
// label values, the events' objects) holds none of the bodies' bytes, and the decision
// lines were written before their bodies went back: putBody wrote '#' over each body
// (poisonBodies), and none shows.
func TestNothingKeepsTheBody(t *testing.T) {
	if !poisonBodies {
		t.Fatal("TestMain did not poison the bodies: this test would prove nothing")
	}
	reg := prometheus.NewRegistry()
	h := harnessHandlers(t)
	h.metrics = NewMetrics(reg)
	events := &eventsKept{}
	h.RecordSkips(skipevents.New(events))
	var lines []string
	h.LogDecisions(decisionlog.New(funcr.NewJSON(func(s string) { lines = append(lines, s) }, funcr.Options{}), decisionlog.DefaultOptions(), nil))
	all, err := os.ReadFile("testdata/bench/all.json")
	if err != nil {
		t.Fatal(err)
	}
	skipping := bytes.Replace(all, []byte(`"podpatterns.io/sidecars":"log-shipper"`), []byte(`"podpatterns.io/sidecars":"log-shipper,nosuch"`), 1)
	for _, req := range []struct {
		endpoint string
		body     []byte
	}{{"mutate", all}, {"mutate", skipping}, {"validate", all}} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/"+req.endpoint+"?timeout=10s", bytes.NewReader(req.body))
		r.Header.Set("Content-Type", "application/json")
		map[string]*endpoint{"mutate": h.Mutate().(*endpoint), "validate": h.Validate().(*endpoint)}[req.endpoint].ServeHTTP(rec, r)
		if rec.Code != 200 {
			t.Fatalf("%s: HTTP %d %s", req.endpoint, rec.Code, rec.Body)
		}
	}
	if len(events.objects) == 0 || len(lines) != 3 {
		t.Fatalf("%d events, %d decision lines: the requests did not skip and log as the test needs", len(events.objects), len(lines))
	}
	for _, l := range lines {
		if strings.Contains(l, "##") {
			t.Errorf("a decision line was written after its body went back: %s", l)
		}
	}
	for _, o := range events.objects {
		if s := fmt.Sprintf("%+v", o); strings.Contains(s, "##") || !strings.Contains(s, "web-7d9f8c6b5d") {
			t.Errorf("an event's object kept a view of a body: %s", s)
		}
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sawTemplate := false
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if strings.Contains(l.GetValue(), "##") {
					t.Errorf("%s{%s=%q} kept a view of a body", f.GetName(), l.GetName(), l.GetValue())
				}
				sawTemplate = sawTemplate || f.GetName() == "podpatterns_injections_total" && l.GetValue() == "log-shipper"
			}
		}
	}
	if !sawTemplate {
		t.Error("no podpatterns_injections_total{template=\"log-shipper\"}: the test did not exercise the template label")
	}
}
