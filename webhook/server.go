package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"
	"k8s.io/client-go/tools/record"
	crwebhook "sigs.k8s.io/controller-runtime/pkg/webhook"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/skipevents"
)

// Options configure a Server. The zero values of the optional fields are production
// defaults; NewServer fills them in.
type Options struct {
	// Host and Port of the TLS admission endpoints (default port 9443).
	Host string
	Port int
	// CertDir holds tls.crt and tls.key, watched and reloaded on change (cert-manager
	// renews them in place). Ignored when Certificates is set.
	CertDir string
	// Certificates, when set, serves certificates from another source (the self-managed
	// CA of package certs, which the caller starts).
	Certificates CertificateSource
	// ClientCAFile, when set, makes the server require and verify client certificates
	// (the API server's, configured with --admission-control-config-file).
	ClientCAFile string
	// TLSMinVersion is tls.VersionTLS12 (default) or tls.VersionTLS13.
	TLSMinVersion uint16
	// EnableHTTP2 serves HTTP/2; off by default (HTTP/2 rapid-reset class of issues, and
	// the API server speaks HTTP/1.1 to webhooks well).
	EnableHTTP2 bool
	// HealthAddr serves /healthz and /readyz (default ":8081").
	HealthAddr string
	// MetricsAddr serves /metrics (default ":8080").
	MetricsAddr string
	// ConfigPath is the config file, hot-reloaded.
	ConfigPath string
	// Config is the config loaded from ConfigPath; NewServer loads it when nil.
	Config *config.Loaded
	// Namespaces answers namespace lookups (required).
	Namespaces NamespaceLister
	// Synced, when set, must report true before the server is ready (informer caches).
	Synced func() bool
	// Background are started by Run next to the endpoints: the informer caches, the
	// self-managed certificate manager. One that fails stops the server.
	Background []Runnable
	// Deps are passed to the composition root.
	Deps admission.Deps
	// Registry receives the metrics (default: a new registry).
	Registry *prometheus.Registry
	// Logger for the server.
	Logger logr.Logger
	// Decisions says which decisions are logged and how many lines per second (the zero
	// value logs only requests that could not be decided).
	Decisions decisionlog.Options
	// Events, when set, receives a Warning Event for every noteworthy skipped injection.
	Events record.EventRecorder
}

// Server is the podpatterns admission server: TLS endpoints, health, metrics, config reload.
type Server struct {
	opts     Options
	handlers *Handlers
	metrics  *Metrics
	reloader *config.Watcher
	webhook  crwebhook.Server
	certs    CertificateSource
	files    *fileCertificates // set when serving --cert-dir: Run watches the files
}

// NewServer loads the config (an invalid config at start is an error: there is no last
// good one to serve) and wires the handlers.
func NewServer(o Options) (*Server, error) {
	if o.Namespaces == nil {
		return nil, errors.New("webhook: Options.Namespaces is required")
	}
	o.setDefaults()
	var m *Metrics
	if o.Registry == nil {
		o.Registry, m = NewRegistry()
	} else {
		m = NewMetrics(o.Registry)
	}
	cfg := o.Config
	if cfg == nil {
		var err error
		if cfg, err = config.LoadFile(o.ConfigPath); err != nil {
			return nil, err
		}
	}
	s := &Server{opts: o, metrics: m}
	s.handlers = NewHandlers(admission.Compose(cfg, o.Deps), o.Namespaces, m, o.Logger)
	s.handlers.LogDecisions(decisionlog.New(o.Logger, o.Decisions, func(result string) {
		m.DecisionLogsSuppressed.WithLabelValues(result).Inc()
	}))
	if o.Events != nil {
		s.handlers.RecordSkips(skipevents.New(o.Events))
	}
	s.reloader = config.NewWatcher(o.ConfigPath, cfg,
		func(cfg *config.Loaded) { s.handlers.SetPipeline(admission.Compose(cfg, o.Deps)) },
		m.observeReload, o.Logger)
	if err := s.buildWebhookServer(); err != nil {
		return nil, err
	}
	return s, nil
}

func (o *Options) setDefaults() {
	if o.Port == 0 {
		o.Port = 9443
	}
	if o.TLSMinVersion == 0 {
		o.TLSMinVersion = tls.VersionTLS12
	}
	if o.HealthAddr == "" {
		o.HealthAddr = ":8081"
	}
	if o.MetricsAddr == "" {
		o.MetricsAddr = ":8080"
	}
	if o.Logger.GetSink() == nil {
		o.Logger = logr.Discard()
	}
}

// Handlers exposes the admission handlers (for tests and the load harness).
func (s *Server) Handlers() *Handlers { return s.handlers }

// Reloader exposes the config reloader (tests trigger Reload directly).
func (s *Server) Reloader() *config.Watcher { return s.reloader }

// buildWebhookServer sets up controller-runtime's TLS server with our TLS policy.
func (s *Server) buildWebhookServer() error {
	s.certs = s.opts.Certificates
	if s.certs == nil {
		files, err := newFileCertificates(s.opts.CertDir)
		if err != nil {
			return fmt.Errorf("loading serving certificate: %w", err)
		}
		s.certs, s.files = files, files
	}
	s.opts.Registry.MustRegister(certs.NewExpiryCollector(s.certs))
	var clientCAs *x509.CertPool
	if s.opts.ClientCAFile != "" {
		pem, err := os.ReadFile(s.opts.ClientCAFile)
		if err != nil {
			return fmt.Errorf("reading client CA: %w", err)
		}
		clientCAs = x509.NewCertPool()
		if !clientCAs.AppendCertsFromPEM(pem) {
			return fmt.Errorf("client CA %s holds no PEM certificate", s.opts.ClientCAFile)
		}
	}
	s.webhook = crwebhook.NewServer(crwebhook.Options{
		Host: s.opts.Host, Port: s.opts.Port,
		TLSOpts: []func(*tls.Config){func(c *tls.Config) {
			c.MinVersion = s.opts.TLSMinVersion
			c.GetCertificate = s.certs.GetCertificate
			if !s.opts.EnableHTTP2 {
				c.NextProtos = []string{"http/1.1"}
			}
			if clientCAs != nil {
				c.ClientCAs, c.ClientAuth = clientCAs, tls.RequireAndVerifyClientCert
			}
		}},
	})
	s.webhook.Register("/mutate", s.handlers.Mutate())
	s.webhook.Register("/validate", s.handlers.Validate())
	return nil
}

// Run serves until ctx is done: admission endpoints, health, metrics, config reload and
// the background runnables. The first that fails stops them all and is Run's error.
func (s *Server) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	if s.files != nil {
		g.Go(func() error { return s.files.Start(ctx) })
	}
	for _, r := range s.opts.Background {
		g.Go(func() error { return runBackground(ctx, r) })
	}
	g.Go(func() error { return s.webhook.Start(ctx) })
	g.Go(func() error { return serveHTTP(ctx, s.opts.HealthAddr, s.healthMux()) })
	g.Go(func() error { return serveHTTP(ctx, s.opts.MetricsAddr, s.metricsMux()) })
	g.Go(func() error { return s.reloader.Run(ctx) })
	return g.Wait()
}

// serveHTTP runs a plain HTTP server until ctx is done.
func serveHTTP(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving %s: %w", addr, err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
