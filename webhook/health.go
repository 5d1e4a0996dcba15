package webhook

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	crmetrics "sigs.k8s.io/controller-runtime/pkg/metrics"
)

// healthMux serves /healthz (the process is alive) and /readyz (it can answer admission
// requests: certificate loaded, config loaded, caches synced, TLS listener serving and
// not shutting down).
func (s *Server) healthMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		var failed []string
		for name, check := range s.readyChecks() {
			if err := check(r); err != nil {
				failed = append(failed, fmt.Sprintf("%s: %v", name, err))
			}
		}
		if len(failed) > 0 {
			http.Error(w, "not ready\n"+strings.Join(failed, "\n"), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}

func (s *Server) readyChecks() map[string]func(*http.Request) error {
	return map[string]func(*http.Request) error{
		"config": func(*http.Request) error {
			if s.handlers.Pipeline() == nil {
				return errors.New("no config loaded")
			}
			return nil
		},
		"certificate": func(*http.Request) error {
			if c, err := s.certs.GetCertificate(nil); err != nil || c == nil {
				return fmt.Errorf("no serving certificate: %v", err)
			}
			return nil
		},
		"caches": func(*http.Request) error {
			if s.opts.Synced != nil && !s.opts.Synced() {
				return errors.New("informer caches not synced")
			}
			return nil
		},
		// The listener's own state, not a TLS dial: a probe must not depend on (or log)
		// client-certificate verification, and fails as soon as shutdown begins.
		"webhook": func(*http.Request) error { return s.admission.ready() },
	}
}

// metricsMux serves /metrics: podpatterns' registry and controller-runtime's, which holds
// what its certificate watcher (certwatcher_*) and the informers' client-go
// (rest_client_*) record. Both can hold the
// Go and process collectors (controller-runtime registers them when its controller
// package is linked in, which the server no longer does, but a test or a future import
// may), and prometheus.Gatherers would answer 500 to a family gathered twice: firstWins
// serves it once, from ours.
func (s *Server) metricsMux() http.Handler {
	mux := http.NewServeMux()
	gatherers := firstWins{s.opts.Registry, crmetrics.Registry}
	mux.Handle("/metrics", promhttp.HandlerFor(gatherers, promhttp.HandlerOpts{}))
	return mux
}
