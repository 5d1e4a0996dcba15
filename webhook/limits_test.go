package webhook

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
)

// TestInFlightLimit: beyond MaxInFlight a request is answered 429 at once (so the
// apiserver applies the failurePolicy), counted, and the server serves again when the
// others finish.
func TestInFlightLimit(t *testing.T) {
	ns := newGatedNamespaces()
	ts := startLiveServer(t, Options{Namespaces: ns, Limits: Limits{MaxInFlight: 2}})
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, _, err := postReview(ts.client(), ts.url("/mutate"), body); err != nil || status != http.StatusOK {
				t.Errorf("held request: status %d err %v", status, err)
			}
		}()
	}
	<-ns.entered
	<-ns.entered
	status, _, err := postReview(ts.client(), ts.url("/validate"), body)
	if err != nil || status != http.StatusTooManyRequests {
		t.Errorf("third request: status %d err %v, want 429", status, err)
	}
	if got := testutil.ToFloat64(ts.srv.metrics.Rejected.WithLabelValues(RejectedInFlight)); got != 1 {
		t.Errorf("podpatterns_rejected_total{reason=in-flight} = %v, want 1", got)
	}
	close(ns.release)
	wg.Wait()
	if status, _, err := postReview(ts.client(), ts.url("/mutate"), body); err != nil || status != http.StatusOK {
		t.Errorf("after the others finished: status %d err %v", status, err)
	}
}

// TestBodyBudget: request bodies are reserved by Content-Length (MaxBodyBytes when
// unknown) before they are read; a request that does not fit is refused with 429.
func TestBodyBudget(t *testing.T) {
	var rejected []string
	l := newLimiter(Limits{MaxInFlight: 100, MaxBodyBytesInFlight: 10 << 20, MaxLargeInFlight: 10}, func(r string) { rejected = append(rejected, r) })
	hold, held := make(chan struct{}), make(chan struct{}, 10)
	h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held <- struct{}{}
		<-hold
	}))
	send := func(length int64) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/mutate", strings.NewReader(""))
		req.ContentLength = length
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); send(6 << 20) }() // holds 6 MiB
	<-held
	if rec := send(5 << 20); rec.Code != http.StatusTooManyRequests {
		t.Errorf("5 MiB next to 6 MiB in a 10 MiB budget: %d, want 429", rec.Code)
	}
	if rec := send(-1); rec.Code != http.StatusTooManyRequests { // unknown length reserves 7 MiB
		t.Errorf("unknown length next to 6 MiB: %d, want 429", rec.Code)
	}
	wg.Add(1)
	go func() { defer wg.Done(); send(3 << 20) }() // fits
	<-held
	close(hold)
	wg.Wait()
	if len(rejected) != 2 || rejected[0] != RejectedBodyBytes {
		t.Errorf("rejections %v, want two %s", rejected, RejectedBodyBytes)
	}
	if l.bytes != 0 || l.inFlight != 0 {
		t.Errorf("budget not released: %d bytes, %d requests", l.bytes, l.inFlight)
	}
}

// TestLargeBodies: at most MaxLargeInFlight bodies over LargeBodyBytes at once; small
// ones are not affected.
func TestLargeBodies(t *testing.T) {
	var rejected []string
	l := newLimiter(Limits{MaxLargeInFlight: 1}, func(r string) { rejected = append(rejected, r) })
	if r := l.acquire(LargeBodyBytes + 1); r != "" {
		t.Fatalf("first large body refused: %s", r)
	}
	if r := l.acquire(LargeBodyBytes + 1); r != RejectedLarge {
		t.Errorf("second large body: %q, want %s", r, RejectedLarge)
	}
	if r := l.acquire(10 << 10); r != "" {
		t.Errorf("a small body next to a large one: %q", r)
	}
	l.release(LargeBodyBytes + 1)
	if r := l.acquire(LargeBodyBytes + 1); r != "" {
		t.Errorf("large body after the release: %q", r)
	}
}
