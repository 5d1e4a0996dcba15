package webhook

import (
	"io"
	"net/http"
)

// RefusedBodyDrain bounds what is read and discarded of a body answered 429 or 413
// before the answer is sent: a client that writes its whole body before reading (most
// do) then reads the status instead of a reset connection. Past it the connection is
// closed as before. Nothing is kept: the cost is the read (bounded by ReadTimeout),
// never memory, and no in-flight slot is held.
const RefusedBodyDrain = 2 * MaxBodyBytes

// drainRefusedBody reads and discards up to RefusedBodyDrain bytes of r's body.
func drainRefusedBody(r *http.Request) {
	_, _ = io.CopyN(io.Discard, r.Body, RefusedBodyDrain)
}
