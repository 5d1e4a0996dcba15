package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
)

// extremeBound is a hang guard, not a performance assertion: each case takes
// milliseconds to a few hundred milliseconds; before the fixes some never returned.
const extremeBound = 20 * time.Second

// TestExtremeInputs answers every extreme input exactly as the table says, in bounded
// time, with the request UID, and without a panic.
func TestExtremeInputs(t *testing.T) {
	h, m := examplesHandlers(t)
	for _, tc := range extremeCases(t) {
		t.Run(tc.endpoint+"/"+tc.name, func(t *testing.T) {
			code, resp := serveWithin(t, h, tc.endpoint, tc.body, extremeBound)
			if code != tc.status {
				t.Fatalf("status %d, want %d (%+v)", code, tc.status, resp.Result)
			}
			if string(resp.UID) != tc.uid {
				t.Errorf("UID %q, want %q", resp.UID, tc.uid)
			}
			if code == http.StatusOK && resp.Allowed != tc.allowed {
				t.Errorf("allowed %v, want %v (%+v)", resp.Allowed, tc.allowed, resp.Result)
			}
			var msg string
			if resp.Result != nil {
				msg = resp.Result.Message
				if resp.Result.Code != tc.code {
					t.Errorf("code %d, want %d", resp.Result.Code, tc.code)
				}
			} else if tc.code != 0 {
				t.Errorf("no result, want code %d", tc.code)
			}
			if !strings.Contains(msg+strings.Join(resp.Warnings, "\n"), tc.contains) {
				t.Errorf("message %q warnings %q lack %q", msg, resp.Warnings, tc.contains)
			}
		})
	}
	if p := testutil.ToFloat64(m.Panics); p != 0 {
		t.Errorf("%v panics recovered", p)
	}
}

// serveWithin serves body on the endpoint and fails the test past bound.
func serveWithin(t testing.TB, h *Handlers, endpoint string, body []byte, bound time.Duration) (int, *admissionv1.AdmissionResponse) {
	t.Helper()
	ep := h.Mutate()
	if endpoint == WebhookValidate {
		ep = h.Validate()
	}
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, "/"+endpoint+"?timeout=10s", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		ep.ServeHTTP(rec, req)
		done <- rec
	}()
	select {
	case rec := <-done:
		var out admissionv1.AdmissionReview
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Response == nil {
			t.Fatalf("status %d: not an AdmissionReview: %.300s", rec.Code, rec.Body)
		}
		return rec.Code, out.Response
	case <-time.After(bound):
		t.Fatalf("no answer within %s", bound)
	}
	return 0, nil
}
