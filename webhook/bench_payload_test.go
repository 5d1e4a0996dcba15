package webhook

import (
	"bytes"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// harnessHandlers serve examples/config.yaml in a namespace labelled as `make bench`
// labels it (injection enabled, profile standard).
func harnessHandlers(b testing.TB) *Handlers {
	cfg := mutatorstest.ExampleConfig(b)
	ns := StaticNamespaces{Labels: map[string]string{"podpatterns.io/inject": "enabled", "podpatterns.io/profile": "standard"}}
	return NewHandlers(admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:bench"}), ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())
}

// BenchmarkHarness replays the request bodies of `make bench` (testdata/bench, written
// by test/load) through the endpoints, decode to encode, without TLS: the profile of
// the server's own work per request (docs/perf).
func BenchmarkHarness(b *testing.B) {
	h := harnessHandlers(b)
	for _, row := range []struct{ name, endpoint string }{
		{"all", "mutate"}, {"none", "mutate"}, {"validate", "validate"}, {"large", "mutate"},
	} {
		body, err := os.ReadFile("testdata/bench/" + row.name + ".json")
		if err != nil {
			b.Fatal(err)
		}
		handler := h.Mutate()
		if row.endpoint == "validate" {
			handler = h.Validate()
		}
		b.Run(row.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", "/"+row.endpoint, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte(`"allowed":true`)) {
					b.Fatalf("answer %d %s", rec.Code, rec.Body.Bytes())
				}
			}
		})
	}
}
