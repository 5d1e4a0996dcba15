package webhook

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
)

// TestSlowClientIsCutOffWhileFastClientsAreServed: a client trickling its body one byte
// at a time loses its connection at the read timeout; meanwhile ordinary requests are
// answered as usual.
func TestSlowClientIsCutOffWhileFastClientsAreServed(t *testing.T) {
	const readTimeout = time.Second
	ts := startLiveServer(t, Options{ReadTimeout: readTimeout})
	conn, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(ts.port), &tls.Config{RootCAs: ts.pool})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	cut := make(chan time.Duration, 1)
	start := time.Now()
	go func() {
		for {
			if _, err := conn.Write([]byte("{")); err != nil {
				cut <- time.Since(start)
				return
			}
			buf := make([]byte, 512)
			_ = conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			if n, err := conn.Read(buf); n > 0 || (err != nil && !isTimeout(err)) {
				cut <- time.Since(start) // answered (an error status) or closed
				return
			}
		}
	}()
	body := reviewBody(t, admissionv1.Create, "pods", podJSON(t))
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, resp, err := postReview(ts.client(), ts.url("/mutate"), body); err != nil || status != http.StatusOK || resp == nil || !resp.Allowed {
				t.Errorf("fast client during a slow one: status %d err %v", status, err)
			}
		}()
	}
	wg.Wait()
	select {
	case d := <-cut:
		if d > readTimeout+3*time.Second {
			t.Errorf("slow client cut off after %s, want about the %s read timeout", d, readTimeout)
		}
	case <-time.After(readTimeout + 5*time.Second):
		t.Fatalf("slow client still connected %s after the %s read timeout", 5*time.Second, readTimeout)
	}
}

func isTimeout(err error) bool {
	type timeout interface{ Timeout() bool }
	te, ok := err.(timeout)
	return ok && te.Timeout()
}
