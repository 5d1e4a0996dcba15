package webhook

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"
	"k8s.io/client-go/tools/record"

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
	// CipherSuites are the TLS 1.2 suites (default DefaultCipherSuites: AEAD only).
	CipherSuites []uint16
	// Limits bound concurrent requests and request bodies in flight (see Limits).
	Limits Limits
	// MaxConnections caps the admission listener's open connections (0:
	// DefaultMaxConnections); past it new connections wait in the backlog.
	MaxConnections int
	// ReadHeaderTimeout and ReadTimeout cut off slow clients (defaults 5 s and 10 s).
	ReadHeaderTimeout, ReadTimeout time.Duration
	// ShutdownDrain is how long readiness fails before the listener closes at shutdown
	// (default 5 s: endpoints drop the pod meanwhile); ShutdownGrace how long in-flight
	// requests then get to finish (default 20 s). Their sum must stay under the pod's
	// terminationGracePeriodSeconds. A negative ShutdownDrain means none.
	ShutdownDrain, ShutdownGrace time.Duration
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
	// PodScan, when set, is run every PodScanInterval (at least MinPodScanInterval) to
	// keep podpatterns_pods_by_revision (--pod-revision-scan-interval).
	PodScan         PodScan
	PodScanInterval time.Duration
}

// Server is the podpatterns admission server: TLS endpoints, health, metrics, config reload.
type Server struct {
	opts      Options
	handlers  *Handlers
	metrics   *Metrics
	reloader  *config.Watcher
	admission *admissionServer
	certs     CertificateSource
	files     *fileCertificates // set when serving --cert-dir: Run watches the files
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
		func(cfg *config.Loaded) {
			s.reportDropped(cfg)
			p := admission.Compose(cfg, o.Deps)
			s.reportInvalidDefaults(p)
			s.handlers.SetPipeline(p)
		},
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
	if len(o.CipherSuites) == 0 {
		o.CipherSuites = DefaultCipherSuites
	}
	o.Limits.setDefaults()
	if o.MaxConnections <= 0 {
		o.MaxConnections = DefaultMaxConnections
	}
	if o.ReadHeaderTimeout == 0 {
		o.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.ShutdownDrain == 0 {
		o.ShutdownDrain = DefaultShutdownDrain
	}
	if o.ShutdownGrace == 0 {
		o.ShutdownGrace = DefaultShutdownGrace
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

// Shutdown defaults (see Options).
const (
	DefaultShutdownDrain = 5 * time.Second
	// NoShutdownDrain as Options.ShutdownDrain closes the listener at once at shutdown.
	NoShutdownDrain      time.Duration = -1
	DefaultShutdownGrace               = 20 * time.Second
)

// buildWebhookServer sets up the admission listener with our TLS policy and limits.
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
	cfg := &tls.Config{
		MinVersion:     s.opts.TLSMinVersion,
		CipherSuites:   s.opts.CipherSuites,
		GetCertificate: s.certs.GetCertificate,
		NextProtos:     []string{"http/1.1"},
	}
	if s.opts.EnableHTTP2 {
		cfg.NextProtos = []string{"h2", "http/1.1"}
	}
	if s.opts.ClientCAFile != "" {
		ca, err := newClientCA(s.opts.ClientCAFile, s.opts.Logger, func(r string) { s.metrics.ClientCAReloads.WithLabelValues(r).Inc() })
		if err != nil {
			return err
		}
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
		cfg.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
			c := cfg.Clone()
			c.GetConfigForClient, c.ClientCAs = nil, ca.Pool()
			return c, nil
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/mutate", s.handlers.Mutate())
	mux.Handle("/validate", s.handlers.Validate())
	mux.Handle(PathWorkloads, s.handlers.Workloads())
	limits := newLimiter(s.opts.Limits, func(reason string) { s.metrics.Rejected.WithLabelValues(reason).Inc() })
	drain := max(s.opts.ShutdownDrain, 0)
	s.admission = &admissionServer{
		addr: hostPort(s.opts.Host, s.opts.Port), tls: cfg, log: s.opts.Logger,
		srv:   newHTTPServer(limits.wrap(mux), s.opts.Logger, s.opts.ReadHeaderTimeout, s.opts.ReadTimeout),
		drain: drain, grace: s.opts.ShutdownGrace, maxConns: s.opts.MaxConnections,
	}
	if s.opts.EnableHTTP2 {
		s.admission.srv.TLSNextProto = nil
	} else {
		s.admission.srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
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
	// Health and metrics keep serving until the admission listener has drained, so
	// /readyz answers "shutting down" rather than refusing connections meanwhile.
	drained, markDrained := context.WithCancel(context.Background())
	g.Go(func() error { defer markDrained(); return s.admission.serve(ctx) })
	g.Go(func() error { return serveHTTP(drained, s.opts.HealthAddr, s.healthMux()) })
	g.Go(func() error { return serveHTTP(drained, s.opts.MetricsAddr, s.metricsMux()) })
	g.Go(func() error { return s.reloader.Run(ctx) })
	g.Go(func() error { return s.runPodScan(ctx) })
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
