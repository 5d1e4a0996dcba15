package webhook

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// fuzzBound is a hang guard per input (each takes milliseconds).
const fuzzBound = 20 * time.Second

// FuzzServeHTTP sends whole AdmissionReview bodies through both endpoints of the real
// chains (examples/config.yaml). Invariants: an answer within fuzzBound, never a
// recovered panic, an HTTP status of the documented set, and the request's UID echoed
// whenever the body decodes to a review that has one. Seeded with the extreme inputs.
func FuzzServeHTTP(f *testing.F) {
	for _, tc := range extremeCases(f) {
		if len(tc.body) < 1<<20 { // the fuzzer mutates seeds in memory: keep them small
			f.Add(tc.body)
		}
	}
	f.Add(reviewBodyOf(f, `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"podpatterns.io/sidecars":"log-shipper"}},"spec":{"containers":[{"name":"app","image":"a"}]}}`))
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","object":null}}`))
	f.Add([]byte(`{}`))
	h, m := examplesHandlers(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, endpoint := range []string{WebhookMutate, WebhookValidate} {
			code, resp := serveWithin(t, h, endpoint, body, fuzzBound)
			switch code {
			case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusInternalServerError:
			default:
				t.Fatalf("%s: status %d", endpoint, code)
			}
			var in struct {
				Request *struct {
					UID string `json:"uid"`
				} `json:"request"`
			}
			if json.Unmarshal(body, &in) == nil && in.Request != nil && in.Request.UID != "" && code != http.StatusBadRequest && string(resp.UID) != in.Request.UID {
				t.Fatalf("%s: UID %q, want %q", endpoint, resp.UID, in.Request.UID)
			}
		}
		if p := testutil.ToFloat64(m.Panics); p != 0 {
			t.Fatalf("%v panics recovered", p)
		}
	})
}

// reviewBodyOf wraps a pod's JSON into a pod CREATE review with UID uid-1.
func reviewBodyOf(t testing.TB, pod string) []byte {
	t.Helper()
	return []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"uid-1","operation":"CREATE",` +
		`"namespace":"team","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},` +
		`"object":` + pod + `}}`)
}
