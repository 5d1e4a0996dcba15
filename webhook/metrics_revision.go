package webhook

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// revisionInfo is podpatterns_config_info: one series, labelled with the revision being
// served, value 1. It reads the revision at scrape time from one atomic value, so a
// scrape during a reload sees either the old revision or the new one, never none and
// never both (a GaugeVec needs a delete and a set, and a scrape between them saw no
// series: the e2e suite's reload wait failed on it under load).
type revisionInfo struct {
	desc     *prometheus.Desc
	revision atomic.Pointer[string]
}

func newRevisionInfo() *revisionInfo {
	return &revisionInfo{desc: prometheus.NewDesc("podpatterns_config_info",
		"The config revision being served (value 1).", []string{"revision"}, nil)}
}

// Set makes rev the revision reported from now on.
func (r *revisionInfo) Set(rev string) { r.revision.Store(&rev) }

// Describe implements prometheus.Collector.
func (r *revisionInfo) Describe(ch chan<- *prometheus.Desc) { ch <- r.desc }

// Collect implements prometheus.Collector: nothing before the first Set.
func (r *revisionInfo) Collect(ch chan<- prometheus.Metric) {
	if rev := r.revision.Load(); rev != nil {
		ch <- prometheus.MustNewConstMetric(r.desc, prometheus.GaugeValue, 1, *rev)
	}
}
