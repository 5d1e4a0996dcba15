package certs

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// MetricServingCertificateExpiry is the serving certificate's NotAfter as a Unix
// timestamp. The chart's PrometheusRule alerts on it, in both certificate modes.
const MetricServingCertificateExpiry = "podpatterns_serving_certificate_expiry_timestamp_seconds"

// ExpirySource is anything that knows when the served certificate expires: a Manager in
// self-managed mode, or the file watcher of --cert-dir in cert-manager mode. A zero time
// means no certificate is loaded yet.
type ExpirySource interface {
	NotAfter() time.Time
}

var _ ExpirySource = (*Manager)(nil)

// expiryCollector reads the source at scrape time, so the gauge can never be stale.
type expiryCollector struct {
	source ExpirySource
	desc   *prometheus.Desc
}

var _ prometheus.Collector = (*expiryCollector)(nil)

// NewExpiryCollector exports MetricServingCertificateExpiry from source. Before the first
// certificate is loaded it exports nothing, rather than a misleading 1970 expiry.
func NewExpiryCollector(source ExpirySource) prometheus.Collector {
	return &expiryCollector{
		source: source,
		desc: prometheus.NewDesc(MetricServingCertificateExpiry,
			"Expiry (NotAfter) of the served TLS certificate, in seconds since the Unix epoch.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *expiryCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector.
func (c *expiryCollector) Collect(ch chan<- prometheus.Metric) {
	notAfter := c.source.NotAfter()
	if notAfter.IsZero() {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(notAfter.Unix()))
}
