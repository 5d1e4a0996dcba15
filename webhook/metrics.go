package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// latencyBuckets reach down to 100µs: a healthy request costs well under a millisecond,
// so the default buckets (5ms and up) would put every request in the first one.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// Metrics are podpatterns' Prometheus metrics (the serving certificate's expiry is
// exported by certs.NewExpiryCollector, registered by the Server). Every label value is bounded: webhook and
// result are constants, pattern/reason/rule/mode are constants, template and profile
// names come from the config (names a user writes that the config does not know are
// reported as "unknown").
type Metrics struct {
	Requests      *prometheus.CounterVec
	Latency       *prometheus.HistogramVec
	Injections    *prometheus.CounterVec
	Skips         *prometheus.CounterVec
	Violations    *prometheus.CounterVec
	ConfigReloads *prometheus.CounterVec
	// ConfigLastReloadOK is 1 while the file on disk is the config being served, 0 from
	// a rejected reload until the next good one (Prometheus' own
	// prometheus_config_last_reload_successful).
	ConfigLastReloadOK prometheus.Gauge
	ConfigInfo         *revisionInfo
	Panics             prometheus.Counter
	// InFlight is the number of admission requests being handled, by webhook.
	InFlight *prometheus.GaugeVec
	// DecisionLogsSuppressed counts decision log lines the rate limit dropped, by result.
	DecisionLogsSuppressed *prometheus.CounterVec
	// Rejected counts requests answered 429 by Limits, by reason.
	Rejected *prometheus.CounterVec
	// ClientCAReloads counts reloads of --client-ca-file, by result (success, failure).
	ClientCAReloads *prometheus.CounterVec
	// ConfigDropped counts profiles and templates a reload removed, by kind.
	ConfigDropped *prometheus.CounterVec
	// ConfigInvalidDefaults counts, per reload, the namespaces whose default annotations
	// the new config refuses (their pods skip those patterns: invalid-default).
	ConfigInvalidDefaults prometheus.Counter
	// WorkloadChecks counts /validate-workloads decisions, by workload kind and outcome
	// (admission.TemplateOutcomes, WorkloadSkipOutcomes).
	WorkloadChecks *prometheus.CounterVec
	// PodsByRevision counts injected pods by the config revision in their status, from
	// the optional scan (--pod-revision-scan-interval); no series while it is off.
	PodsByRevision *prometheus.GaugeVec
}

// Result label values of the request metrics.
const (
	ResultAllowed    = "allowed"     // admitted unchanged
	ResultPatched    = "patched"     // admitted with a patch
	ResultDenied     = "denied"      // rejected by a rule
	ResultWarned     = "warned"      // admitted with warnings (warn mode, skipped templates)
	ResultBadRequest = "bad-request" // undecodable or unsupported input
	ResultError      = "error"       // internal error or panic
)

// MetricConfigDropped is read by the chart's PodpatternsConfigDroppedNames alert.
const MetricConfigDropped = "podpatterns_config_dropped_total"

// MetricConfigLastReloadSuccessful is read by the chart's PodpatternsConfigReloadFailing alert.
const MetricConfigLastReloadSuccessful = "podpatterns_config_last_reload_successful"

// MetricPodsByRevision has no series until the optional pod scan has run once.
const MetricPodsByRevision = "podpatterns_pods_by_revision"

// Webhook label values.
const (
	WebhookMutate   = "mutate"
	WebhookValidate = "validate"
	// WebhookWorkloads is /validate-workloads: the pod templates of workloads.
	WebhookWorkloads = "workloads"
)

// NewMetrics creates the metrics and registers them (and the Go/process collectors) with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_requests_total", Help: "Admission requests handled, by webhook and result.",
		}, []string{"webhook", "result"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "podpatterns_request_duration_seconds", Help: "Time to handle an admission request, from body read to response written.",
			Buckets: latencyBuckets,
		}, []string{"webhook", "result"}),
		Injections: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_injections_total", Help: "Injections done, by pattern and template.",
		}, []string{"pattern", "template"}),
		Skips: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_skips_total", Help: "Injections skipped, by pattern and reason.",
		}, []string{"pattern", "reason"}),
		Violations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_violations_total", Help: "Profile violations found, by profile, rule and mode.",
		}, []string{"profile", "rule", "mode"}),
		ConfigReloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_config_reloads_total", Help: "Config file reloads, by result (success, failure).",
		}, []string{"result"}),
		ConfigLastReloadOK: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: MetricConfigLastReloadSuccessful, Help: "1 when the last config load succeeded, 0 when the file on disk was rejected (the previous config keeps serving).",
		}),
		ConfigInfo: newRevisionInfo(),
		Panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "podpatterns_panics_total", Help: "Panics recovered while handling a request.",
		}),
		InFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "podpatterns_requests_in_flight", Help: "Admission requests being handled now, by webhook.",
		}, []string{"webhook"}),
		DecisionLogsSuppressed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_decision_logs_suppressed_total", Help: "Decision log lines dropped by the rate limit, by result (the decisions themselves are counted in podpatterns_requests_total).",
		}, []string{"result"}),
		Rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_rejected_total", Help: "Admission requests refused with 429 before reading their body, by limit (in-flight, body-bytes, large-bodies).",
		}, []string{"reason"}),
		ClientCAReloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_client_ca_reloads_total", Help: "Reloads of the client CA file, by result (success, failure).",
		}, []string{"result"}),
		ConfigDropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricConfigDropped, Help: "Profiles and templates a config reload removed, by kind (profile, template): namespaces and pods may still name them (the error log line names the namespaces).",
		}, []string{"kind"}),
		ConfigInvalidDefaults: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "podpatterns_config_invalid_defaults_total", Help: "Namespaces whose default annotations a config reload made invalid, counted at each reload (their pods skip those patterns: invalid-default).",
		}),
		WorkloadChecks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "podpatterns_workload_checks_total", Help: "Pod templates of workloads checked at apply time, by kind and outcome (clean, warned, would-deny, denied; template-unchanged and controller-owned: not checked).",
		}, []string{"kind", "outcome"}),
		PodsByRevision: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: MetricPodsByRevision, Help: "Injected pods by the config revision they were injected with, from the last pod scan (--pod-revision-scan-interval; absent when off).",
		}, []string{"revision"}),
	}
	for _, kind := range []string{droppedProfile, droppedTemplate} {
		m.ConfigDropped.WithLabelValues(kind)
	}
	for _, reason := range []string{RejectedInFlight, RejectedBodyBytes, RejectedLarge} {
		m.Rejected.WithLabelValues(reason)
	}
	reg.MustRegister(m.Requests, m.Latency, m.Injections, m.Skips, m.Violations,
		m.ConfigReloads, m.ConfigLastReloadOK, m.ConfigInfo, m.Panics, m.InFlight, m.DecisionLogsSuppressed, newBuildInfo(),
		m.Rejected, m.ClientCAReloads, m.ConfigDropped, m.ConfigInvalidDefaults, m.WorkloadChecks, m.PodsByRevision)
	m.ConfigLastReloadOK.Set(1) // the server starts only with a config that loaded
	m.initLabels()
	return m
}

// NewRegistry returns a registry with podpatterns' metrics plus the Go runtime (every
// runtime/metrics family: go_gc_*, go_sched_*, go_memory_classes_*, ...) and process
// collectors. controller-runtime's controller package registered the same Go collector
// in its registry while the server linked it; it no longer does (issue 12), so ours
// serves them.
func NewRegistry() (*prometheus.Registry, *Metrics) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsAll)),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg, NewMetrics(reg)
}
