package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/buildinfo"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/webhook"
)

type serveFlags struct {
	opts                 webhook.Options
	tlsMinVersion        string
	kube                 kubeFlags
	standalone           bool
	namespaceLabels      map[string]string
	namespaceAnnotations map[string]string
	observe              observeFlags
	selfManaged          selfManagedFlags
	limits               limitFlags
	gcPercent            int
	podScan              podScanFlags
}

func newServeCommand() *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the admission webhook server",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return f.run(ctx)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.opts.ConfigPath, "config", "/etc/podpatterns/config.yaml", "config file (hot-reloaded)")
	fs.StringVar(&f.opts.CertDir, "cert-dir", "/var/run/podpatterns/certs", "directory with tls.crt and tls.key (reloaded on change)")
	fs.StringVar(&f.opts.Host, "host", "", "address of the admission endpoints (default all)")
	fs.IntVar(&f.opts.Port, "port", 9443, "port of the admission endpoints (TLS)")
	fs.StringVar(&f.opts.HealthAddr, "health-addr", ":8081", "address of /healthz and /readyz")
	fs.StringVar(&f.opts.MetricsAddr, "metrics-addr", ":8080", "address of /metrics")
	fs.StringVar(&f.tlsMinVersion, "tls-min-version", "1.2", "minimum TLS version: 1.2 or 1.3")
	fs.StringVar(&f.opts.ClientCAFile, "client-ca-file", "", "require client certificates signed by this CA")
	fs.BoolVar(&f.opts.EnableHTTP2, "enable-http2", false, "serve HTTP/2 (off by default)")
	f.kube.register(fs, "")
	fs.BoolVar(&f.standalone, "standalone", false, "run without a cluster: namespaces get --namespace-labels/--namespace-annotations (load tests, demos)")
	fs.StringToStringVar(&f.namespaceLabels, "namespace-labels", map[string]string{"podpatterns.io/inject": "enabled"}, "with --standalone: labels of every namespace")
	fs.StringToStringVar(&f.namespaceAnnotations, "namespace-annotations", nil, "with --standalone: annotations of every namespace")
	fs.StringVar(&f.opts.Deps.RenderImage, "self-image", defaultSelfImage(), "image of the config-template render init container (the server's own)")
	f.observe.register(fs)
	fs.IntVar(&f.gcPercent, "gc-percent", defaultGCPercent, "garbage collector target (GOGC) unless $GOGC is set; the soft memory limit comes from $"+memoryLimitEnv)
	f.selfManaged.register(fs)
	f.limits.register(fs, &f.opts)
	f.podScan.register(fs)
	return cmd
}

func defaultSelfImage() string { return "ghcr.io/podpatterns/podpatterns:" + buildinfo.Get().Version }

// run is flags → config → compose → run: the flags are checked, the config loaded (an
// invalid one fails before anything connects to the cluster), the cluster-side
// dependencies built, the server composed from them, and everything run under one
// errgroup (Server.Run), so a failing cache or certificate manager stops the server.
func (f *serveFlags) run(ctx context.Context) error {
	log, err := f.observe.logger()
	if err != nil {
		return err
	}
	f.opts.Logger, f.opts.Decisions = log, f.observe.decisions
	tuneRuntime(f.gcPercent, log)
	if f.opts.TLSMinVersion, err = tlsVersion(f.tlsMinVersion); err != nil {
		return err
	}
	if err := f.limits.apply(&f.opts); err != nil {
		return err
	}
	if f.opts.Config, err = config.LoadFile(f.opts.ConfigPath); err != nil {
		return err
	}
	if err := f.dependencies(ctx, log); err != nil {
		return err
	}
	srv, err := webhook.NewServer(f.opts)
	if err != nil {
		return err
	}
	log.Info("serving", "version", buildinfo.Get().Version, "commit", buildinfo.Get().Commit, "port", f.opts.Port, "config", f.opts.ConfigPath,
		"revision", srv.Handlers().Pipeline().Revision(), "standalone", f.standalone)
	return srv.Run(ctx)
}

// dependencies fills in what the server reads from outside the config file: namespaces
// (and PriorityClasses) from informer caches, or the static ones of --standalone, and
// the self-managed certificates. Caches and certificate manager are started by Run.
func (f *serveFlags) dependencies(ctx context.Context, log logr.Logger) error {
	if f.standalone {
		if f.selfManaged.enabled {
			return fmt.Errorf("--self-managed-certs needs a cluster; it cannot be combined with --standalone")
		}
		if f.podScan.interval != 0 {
			return fmt.Errorf("--pod-revision-scan-interval needs a cluster; it cannot be combined with --standalone")
		}
		f.opts.Namespaces = webhook.StaticNamespaces{Labels: f.namespaceLabels, Annotations: f.namespaceAnnotations}
		return nil
	}
	cfg, err := f.kube.restConfig()
	if err != nil {
		return fmt.Errorf("no cluster connection (use --standalone to run without one): %w", err)
	}
	if f.selfManaged.enabled {
		mgr, err := f.selfManaged.manager(cfg, log)
		if err != nil {
			return err
		}
		f.opts.Certificates = mgr
		f.opts.Background = append(f.opts.Background, mgr)
	}
	if f.opts.Events, err = f.observe.eventRecorder(ctx, cfg); err != nil {
		return err
	}
	cache, err := webhook.NewClusterCache(cfg)
	if err != nil {
		return err
	}
	f.opts.Background = append(f.opts.Background, cache)
	f.opts.Namespaces, f.opts.Synced = cache.Namespaces(), cache.Synced
	f.opts.Deps.PriorityClasses = cache.PriorityClasses()
	f.opts.Deps.LimitRanges, f.opts.Deps.ResourceQuotas = cache.LimitRanges(), cache.ResourceQuotas()
	return f.podScan.apply(&f.opts, cfg)
}

func tlsVersion(v string) (uint16, error) {
	switch v {
	case "1.2":
		return tls.VersionTLS12, nil
	case "1.3":
		return tls.VersionTLS13, nil
	}
	return 0, fmt.Errorf("--tls-min-version must be 1.2 or 1.3, not %q", v)
}
