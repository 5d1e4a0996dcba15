package chartrender_test

import (
	"regexp"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/webhook"
)

// TestPrometheusRuleUsesServedMetrics: every podpatterns_* series an alert reads is one
// the server exports, so a renamed metric cannot silently disarm an alert.
func TestPrometheusRuleUsesServedMetrics(t *testing.T) {
	m, err := chartrender.Render(chartrender.Options{ValuesFiles: []string{"ci/examples-values.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	served := servedMetricNames(t)
	series := regexp.MustCompile(`podpatterns_[a-z_]+`)
	found := 0
	for _, obj := range m.OfKind("PrometheusRule") {
		groups, _, _ := unstructured.NestedSlice(obj.Object, "spec", "groups")
		for _, g := range groups {
			rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
			for _, r := range rules {
				expr, _ := r.(map[string]any)["expr"].(string)
				for _, name := range series.FindAllString(expr, -1) {
					found++
					if !served[name] {
						t.Errorf("alert expression reads %s, which the server does not export", name)
					}
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no podpatterns_* series in the PrometheusRule")
	}
}

// servedMetricNames lists every series name the server exports (histograms expand into
// _bucket, _sum and _count).
func servedMetricNames(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewRegistry()
	metrics := webhook.NewMetrics(reg)
	metrics.Latency.WithLabelValues("mutate", "allowed").Observe(0.001)
	metrics.Requests.WithLabelValues("mutate", "allowed").Inc()
	names := map[string]bool{certs.MetricServingCertificateExpiry: true}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		names[f.GetName()] = true
		names[f.GetName()+"_bucket"], names[f.GetName()+"_sum"], names[f.GetName()+"_count"] = true, true, true
	}
	return names
}
