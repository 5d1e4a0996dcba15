package main

import (
	"context"
	"os"
	"strings"

	"github.com/go-logr/logr"
	"github.com/spf13/pflag"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/record"
	crlog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/podpatterns/podpatterns/decisionlog"
	"github.com/podpatterns/podpatterns/logging"
)

// observeFlags say what the server tells operators: the log's form, which decisions
// it logs, and whether skipped injections become Events.
type observeFlags struct {
	logLevel, logFormat string
	decisions           decisionlog.Options
	events              bool
}

func (o *observeFlags) register(fs *pflag.FlagSet) {
	d := decisionlog.DefaultOptions()
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: "+strings.Join(logging.Levels, ", ")+" (debug adds V(1) lines; warn and error leave only errors)")
	fs.StringVar(&o.logFormat, "log-format", "json", "log format: "+strings.Join(logging.Formats, " or ")+" (RFC 3339 timestamps; stack traces only for panics)")
	fs.BoolVar(&o.decisions.Denies, "log-denies", d.Denies, "log every denied pod at info")
	fs.BoolVar(&o.decisions.Mutations, "log-mutations", d.Mutations, "log every pod admitted with a patch at info")
	fs.BoolVar(&o.decisions.Admits, "log-admits", d.Admits, "log every pod admitted unchanged (or with warnings) at info")
	fs.Float64Var(&o.decisions.PerSecond, "log-decisions-per-second", d.PerSecond, "at most this many decision lines per second for each result (burst: 10 seconds' worth; 0: no limit); dropped lines are counted in podpatterns_decision_logs_suppressed_total")
	fs.BoolVar(&o.events, "events", true, "emit a Warning Event on the pod's controller (or namespace) when a requested injection is skipped (needs a cluster)")
}

// logger builds the logger and installs it for controller-runtime.
func (o *observeFlags) logger() (logr.Logger, error) {
	log, err := logging.New(logging.Options{Level: o.logLevel, Format: o.logFormat, Out: os.Stderr})
	if err != nil {
		return logr.Logger{}, err
	}
	crlog.SetLogger(log)
	return log, nil
}

// eventRecorder returns a recorder writing Events through the apiserver until ctx ends,
// or nil when --events=false. client-go's correlator aggregates repeated events and
// rate-limits each object; the broadcaster drops events rather than block a request.
func (o *observeFlags) eventRecorder(ctx context.Context, cfg *rest.Config) (record.EventRecorder, error) {
	if !o.events {
		return nil, nil
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	b := record.NewBroadcaster(record.WithContext(ctx))
	b.StartStructuredLogging(2) // events also at V(2) in the server's log
	b.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	go func() { <-ctx.Done(); b.Shutdown() }()
	return b.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "podpatterns"}), nil
}
