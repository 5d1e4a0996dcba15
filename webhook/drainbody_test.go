package webhook

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// writeThenRead sends a POST of n bytes the way many clients do — the whole body
// first, then the response — and returns the status, or the error that ended it.
func writeThenRead(ts *liveServer, path string, n int) (int, error) {
	conn, err := tls.Dial("tcp", "127.0.0.1:"+strconv.Itoa(ts.port), &tls.Config{RootCAs: ts.pool})
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, n)
	if _, err := conn.Write(append([]byte(head), bytes.Repeat([]byte{' '}, n)...)); err != nil {
		return 0, fmt.Errorf("writing the body: %w", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, fmt.Errorf("reading the answer: %w", err)
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestRefusedBodiesStillGetTheirStatus: a body refused with 429 (over the body-byte
// budget) or 413 (over MaxBodyBytes) is read and discarded up to RefusedBodyDrain, so a
// client that writes before it reads gets the status, not a reset connection.
func TestRefusedBodiesStillGetTheirStatus(t *testing.T) {
	small := startLiveServer(t, Options{Limits: Limits{MaxBodyBytesInFlight: 1 << 20}})
	if status, err := writeThenRead(small, "/mutate", 6<<20); err != nil || status != http.StatusTooManyRequests {
		t.Errorf("6 MiB over a 1 MiB body-byte budget: status %d, %v; want 429", status, err)
	}
	ts := startLiveServer(t, Options{})
	if status, err := writeThenRead(ts, "/mutate", 2*MaxBodyBytes-(1<<20)); err != nil || status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body of twice the cap less 1 MiB: status %d, %v; want 413", status, err)
	}
}
