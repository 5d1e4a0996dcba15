package webhook

import (
	"net/http"
	"strconv"
	"sync"
)

// Limits bound what the admission endpoints hold at once, so the server stays inside its
// container's memory limit under any mix of input: a request beyond either limit is
// answered 429 at once, before its body is read, and the apiserver applies the webhook's
// failurePolicy.
type Limits struct {
	// MaxInFlight caps concurrent admission requests (default 64).
	MaxInFlight int
	// MaxBodyBytesInFlight caps the request bodies being held at once (default 32 MiB).
	// A request reserves its Content-Length, or MaxBodyBytes when the length is unknown.
	// Decoding, mutating and the patch add a few times the body size on top, so the
	// default keeps four 7 MiB reviews at once well inside a 256 MiB container limit,
	// and hundreds of ordinary pods.
	MaxBodyBytesInFlight int64
	// MaxLargeInFlight caps concurrent requests whose body exceeds LargeBodyBytes
	// (default 1). Decoding multiplies a body's size — by 5 for a large annotation, by
	// up to 60 for a pod of tens of thousands of containers (1.7 MB of JSON allocates
	// about 100 MB) — so a handful of large requests, not their bytes, is what could
	// take the server past its memory limit. Ordinary pods are far below the threshold.
	MaxLargeInFlight int
}

// LargeBodyBytes is the body size above which a request counts against MaxLargeInFlight.
const LargeBodyBytes = 512 << 10

// Default limits.
const (
	DefaultMaxInFlight          = 64
	DefaultMaxBodyBytesInFlight = 32 << 20
	DefaultMaxLargeInFlight     = 1
)

// Reasons for a 429, in the response and the podpatterns_rejected_total metric.
const (
	RejectedInFlight  = "in-flight"
	RejectedBodyBytes = "body-bytes"
	RejectedLarge     = "large-bodies"
)

func (l *Limits) setDefaults() {
	if l.MaxInFlight <= 0 {
		l.MaxInFlight = DefaultMaxInFlight
	}
	if l.MaxBodyBytesInFlight <= 0 {
		l.MaxBodyBytesInFlight = DefaultMaxBodyBytesInFlight
	}
	if l.MaxLargeInFlight <= 0 {
		l.MaxLargeInFlight = DefaultMaxLargeInFlight
	}
}

// limiter enforces Limits around a handler.
type limiter struct {
	limits   Limits
	mu       sync.Mutex
	inFlight int
	large    int
	bytes    int64
	rejected func(reason string)
}

func newLimiter(l Limits, rejected func(string)) *limiter {
	l.setDefaults()
	return &limiter{limits: l, rejected: rejected}
}

// wrap admits a request when both budgets have room, and releases them when it is done.
func (l *limiter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size := r.ContentLength
		if size < 0 || size > MaxBodyBytes {
			size = MaxBodyBytes // unknown, or refused with 413 after reading at most this
		}
		if reason := l.acquire(size); reason != "" {
			l.rejected(reason)
			drainRefusedBody(r) // so the client reads the 429, not a reset
			w.Header().Set("Retry-After", "1")
			http.Error(w, "podpatterns: too many requests ("+reason+" limit): "+strconv.Itoa(l.limits.MaxInFlight)+
				" requests, "+strconv.FormatInt(l.limits.MaxBodyBytesInFlight, 10)+" body bytes, "+
				strconv.Itoa(l.limits.MaxLargeInFlight)+" bodies over 512 KiB", http.StatusTooManyRequests)
			return
		}
		defer l.release(size)
		next.ServeHTTP(w, r)
	})
}

func (l *limiter) acquire(size int64) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.inFlight >= l.limits.MaxInFlight:
		return RejectedInFlight
	case l.bytes+size > l.limits.MaxBodyBytesInFlight:
		return RejectedBodyBytes
	case size > LargeBodyBytes && l.large >= l.limits.MaxLargeInFlight:
		return RejectedLarge
	}
	l.inFlight++
	l.bytes += size
	if size > LargeBodyBytes {
		l.large++
	}
	return ""
}

func (l *limiter) release(size int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	l.bytes -= size
	if size > LargeBodyBytes {
		l.large--
	}
}
