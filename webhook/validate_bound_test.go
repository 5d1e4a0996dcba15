package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// maxValidateAnswer bounds /validate's answer to a pod of any size: 20 listed violations
// of a few hundred bytes each, or warnings within validators.WarningRunes.
const maxValidateAnswer = 16 << 10

// TestValidateAnswerIsBounded: /validate's answer to a pod of 20,000 containers that each
// break the profile stays small in every mode (it grew with the pod: megabytes of denial
// message, 40,001 warnings the apiserver would truncate), and says how many it left out.
func TestValidateAnswerIsBounded(t *testing.T) {
	cases := extremeCases(t)
	var body []byte
	for _, c := range cases {
		if c.name == "20000 violating containers" {
			body = c.body
		}
	}
	if body == nil {
		t.Fatal("no 20000 violating containers case")
	}
	cfg, err := config.LoadFile("../examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// What each mode leaves out of 40,001 violations: the denial lists 20, the warnings 9,
	// and the requests-required audit annotation 20 of its 40,000.
	tails := map[validators.Mode]string{
		validators.ModeEnforce: "; and 39981 more violations",
		validators.ModeWarn:    `podpatterns profile \"standard\": and 39992 more violations`,
		validators.ModeAudit:   "; and 39980 more violations",
	}
	for _, mode := range validators.Modes {
		t.Run(string(mode), func(t *testing.T) {
			ns := StaticNamespaces{Labels: map[string]string{mutators.LabelProfile: "standard", validators.LabelProfileMode: string(mode)}}
			h := NewHandlers(admission.Compose(cfg, admission.Deps{}), ns, NewMetrics(prometheus.NewRegistry()), logr.Discard())
			req := httptest.NewRequest(http.MethodPost, "/validate", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.Validate().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || rec.Body.Len() > maxValidateAnswer {
				t.Fatalf("status %d, %d bytes (at most %d): %.300s", rec.Code, rec.Body.Len(), maxValidateAnswer, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tails[mode]) {
				t.Errorf("the answer does not count what it left out: %.600s", rec.Body)
			}
			t.Logf("%s: %d bytes", mode, rec.Body.Len())
		})
	}
}
