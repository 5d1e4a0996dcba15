package webhook

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptrace"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

// TestDrainTurnsKeepAliveOff: before shutdown a connection is reused; from the start of
// the drain every answer carries Connection: close and the next request needs a new
// connection (the apiserver's pool leaves the replica before its listener closes).
func TestDrainTurnsKeepAliveOff(t *testing.T) {
	ts := startLiveServer(t, Options{ShutdownDrain: 3 * time.Second})
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	c := ts.client()
	post := func() (closeHdr bool, reused bool) {
		t.Helper()
		var got httptrace.GotConnInfo
		req, _ := http.NewRequest(http.MethodPost, ts.url("/mutate"), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { got = i }}))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return resp.Close, got.Reused
	}
	post()
	if closeHdr, reused := post(); closeHdr || !reused {
		t.Fatalf("before shutdown: Connection: close %v, connection reused %v; want keep-alive", closeHdr, reused)
	}
	ts.cancel()
	waitFor(t, func() bool { return ts.readyz() == http.StatusServiceUnavailable })
	for i := range 3 {
		if closeHdr, reused := post(); !closeHdr || (i > 0 && reused) {
			t.Errorf("draining, request %d: Connection: close %v, connection reused %v; want close and a new connection", i, closeHdr, reused)
		}
	}
}
