package webhook

import (
	"net/http"
	"sync"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

// TestShutdownLetsInFlightRequestsFinish: at shutdown readiness fails first, while the
// requests already in flight (here waiting for the namespace cache) still get their
// decision — not a 500 from a cancelled context.
func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	ns := newGatedNamespaces()
	ts := startLiveServer(t, Options{Namespaces: ns, ShutdownDrain: 300 * time.Millisecond})
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	const n = 4
	type result struct {
		status int
		uid    string
		err    error
	}
	results := make(chan result, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, resp, err := postReview(ts.client(), ts.url("/mutate"), body)
			r := result{status: status, err: err}
			if resp != nil {
				r.uid = string(resp.UID)
			}
			results <- r
		}()
	}
	for range n {
		<-ns.entered // every request is in flight
	}
	ts.cancel()
	waitFor(t, func() bool { return ts.readyz() == http.StatusServiceUnavailable })
	close(ns.release)
	wg.Wait()
	close(results)
	for r := range results {
		if r.err != nil || r.status != http.StatusOK || r.uid != "uid-1" {
			t.Errorf("in-flight request at shutdown: status %d uid %q err %v, want 200 with the UID", r.status, r.uid, r.err)
		}
	}
}
