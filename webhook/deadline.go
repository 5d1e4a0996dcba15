package webhook

import (
	"context"
	"net/http"
	"time"
)

// The apiserver calls a webhook with ?timeout=<timeoutSeconds>s and gives up after that.
// A request's context ends a margin before it, so every wait of the server (the
// namespace cache, the PriorityClass cache) ends while the apiserver still listens and
// the answer — a decision or a 500 that lets the failurePolicy decide — arrives in time.
const (
	// DefaultRequestTimeout applies without ?timeout= (the apiserver's own default).
	DefaultRequestTimeout = 10 * time.Second
	// maxRequestTimeout is the apiserver's maximum timeoutSeconds.
	maxRequestTimeout = 30 * time.Second
	// minMargin and maxMargin bound the margin: a fifth of the timeout.
	minMargin = 250 * time.Millisecond
	maxMargin = time.Second
)

// requestBudget is how long the server may work on r: the apiserver's ?timeout= (a Go
// duration such as "10s"; absent or invalid: DefaultRequestTimeout; capped at 30 s)
// minus the margin.
func requestBudget(r *http.Request) time.Duration {
	timeout := DefaultRequestTimeout
	if v := r.URL.Query().Get("timeout"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			timeout = min(d, maxRequestTimeout)
		}
	}
	margin := min(max(timeout/5, minMargin), maxMargin)
	return max(timeout-margin, timeout/2)
}

// requestContext is r's context bounded by requestBudget. The server's base context
// is never cancelled at shutdown: in-flight requests finish (http.Server.Shutdown waits
// for them) instead of failing.
func requestContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), requestBudget(r))
}
