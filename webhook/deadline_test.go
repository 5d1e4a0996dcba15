package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

func TestRequestBudget(t *testing.T) {
	for query, want := range map[string]time.Duration{
		"":              9 * time.Second, // the apiserver's default 10s, minus 1s
		"?timeout=10s":  9 * time.Second,
		"?timeout=3s":   2400 * time.Millisecond,
		"?timeout=1s":   750 * time.Millisecond,
		"?timeout=30s":  29 * time.Second,
		"?timeout=600s": 29 * time.Second, // capped at the apiserver's maximum
		"?timeout=bad":  9 * time.Second,
		"?timeout=-5s":  9 * time.Second,
	} {
		r := httptest.NewRequest(http.MethodPost, "/mutate"+query, nil)
		if got := requestBudget(r); got != want {
			t.Errorf("requestBudget(%q) = %s, want %s", query, got, want)
		}
	}
}

// TestWaitsEndBeforeTheAPIServerTimeout: a request whose namespace never reaches the
// cache is answered 500 (failurePolicy decides) before the apiserver's ?timeout=, with
// its UID, on both endpoints.
func TestWaitsEndBeforeTheAPIServerTimeout(t *testing.T) {
	h, _ := testHandlers(t)
	h.namespaces = newGatedNamespaces() // never released
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	for _, ep := range []http.Handler{h.Mutate(), h.Validate()} {
		start := time.Now()
		done := make(chan *httptest.ResponseRecorder, 1)
		go func() {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/x?timeout=1s", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			ep.ServeHTTP(rec, req)
			done <- rec
		}()
		select {
		case rec := <-done:
			if elapsed := time.Since(start); elapsed >= time.Second {
				t.Errorf("answered after %s, past the apiserver's 1s timeout", elapsed)
			}
			if rec.Code != http.StatusInternalServerError || !bytes.Contains(rec.Body.Bytes(), []byte(`"uid":"uid-1"`)) {
				t.Errorf("status %d body %s, want 500 with the UID", rec.Code, rec.Body)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("request still waiting 5s after the apiserver's 1s timeout")
		}
	}
}
