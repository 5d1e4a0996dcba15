package webhook

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/buildinfo"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// Every label value the server knows before the first request, exported at 0 from the
// start: rate() and increase() see a counter's first increment, and alerts on
// result="error" have a series to compare with.
var (
	webhookNames  = []string{WebhookMutate, WebhookValidate, WebhookWorkloads}
	resultValues  = []string{ResultAllowed, ResultPatched, ResultDenied, ResultWarned, ResultBadRequest, ResultError}
	reloadResults = []string{"success", "failure"}
	patternNames  = []mutators.Pattern{mutators.PatternSidecar, mutators.PatternAdapter, mutators.PatternAmbassador,
		mutators.PatternConfigTemplate, mutators.PatternConfigImage, mutators.PatternDownwardAPI, mutators.PatternPreStop, mutators.PatternPriorityClass, mutators.PatternHealthProbe}
	skipReasons = []mutators.SkipReason{mutators.SkipOptedOut, mutators.SkipUnknownTemplate, mutators.SkipWrongKind,
		mutators.SkipNameConflict, mutators.SkipQoSIncompatible, mutators.SkipDisabled, mutators.SkipNotApplicable,
		mutators.SkipPodSecurity, mutators.SkipOSMismatch, mutators.SkipInvalidDefault, mutators.SkipLimitRange}
)

// initLabels creates every known series at 0. Injections and violations are labelled by
// config names (templates, profiles) and appear with their first count.
func (m *Metrics) initLabels() {
	for _, w := range webhookNames {
		m.InFlight.WithLabelValues(w)
		for _, r := range resultValues {
			m.Requests.WithLabelValues(w, r)
			m.Latency.WithLabelValues(w, r)
		}
	}
	for _, r := range resultValues {
		m.DecisionLogsSuppressed.WithLabelValues(r)
	}
	for _, r := range reloadResults {
		m.ConfigReloads.WithLabelValues(r)
	}
	for _, r := range []string{clientCAReloadSuccess, clientCAReloadFailure} {
		m.ClientCAReloads.WithLabelValues(r)
	}
	for _, kind := range WorkloadKindNames() {
		for _, o := range admission.TemplateOutcomes {
			m.WorkloadChecks.WithLabelValues(kind, string(o))
		}
		for _, o := range WorkloadSkipOutcomes {
			m.WorkloadChecks.WithLabelValues(kind, o)
		}
	}
	for _, p := range patternNames {
		for _, r := range skipReasons {
			m.Skips.WithLabelValues(string(p), string(r))
		}
	}
}

// newBuildInfo is podpatterns_build_info{version,commit,goversion} 1, the usual way to
// see which build every replica runs (and to join it onto other series).
func newBuildInfo() prometheus.Collector {
	bi := buildinfo.Get()
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "podpatterns_build_info", Help: "The running build: version, commit and Go version (value 1).",
	}, []string{"version", "commit", "goversion"})
	g.WithLabelValues(bi.Version, bi.Commit, bi.GoVersion).Set(1)
	return g
}

// observeReload counts a config reload and keeps the last-reload-successful gauge.
func (m *Metrics) observeReload(r config.ReloadResult) {
	m.ConfigReloads.WithLabelValues(string(r)).Inc()
	if r == config.ReloadSuccess {
		m.ConfigLastReloadOK.Set(1)
	} else {
		m.ConfigLastReloadOK.Set(0)
	}
}
