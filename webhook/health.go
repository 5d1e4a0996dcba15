package webhook

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus/promhttp"
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

func (s *Server) metricsMux() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(s.opts.Registry, promhttp.HandlerOpts{}))
	return mux
}
