package chartrender_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/webhook"
)

// TestPrometheusRuleUsesServedMetrics: every podpatterns_* series an alert reads is one
// the server exports from its start (before any request), label matchers included, so
// a renamed metric or label value cannot silently disarm an alert.
func TestPrometheusRuleUsesServedMetrics(t *testing.T) {
	m, err := chartrender.Render(chartrender.Options{ValuesFiles: []string{"ci/examples-values.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	served, labels := servedMetricNames(t)
	series := regexp.MustCompile(`podpatterns_[a-z_]+`)
	selector := regexp.MustCompile(`(podpatterns_[a-z_]+)\{([^}]*)\}`)
	matcher := regexp.MustCompile(`([a-z_]+)="([^"]*)"`)
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
				for _, sel := range selector.FindAllStringSubmatch(expr, -1) {
					for _, m := range matcher.FindAllStringSubmatch(sel[2], -1) {
						if m[1] != "job" && !labels[sel[1]+"/"+m[1]+"="+m[2]] {
							t.Errorf("alert selects %s{%s=%q}, a series the server does not export at start", sel[1], m[1], m[2])
						}
					}
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no podpatterns_* series in the PrometheusRule")
	}
}

// servedMetricNames lists every series name a freshly started server exports, before
// any request (histograms expand into _bucket, _sum and _count), and every
// "name/label=value" pair among them.
func servedMetricNames(t *testing.T) (names, labels map[string]bool) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m := webhook.NewMetrics(reg)
	names = map[string]bool{certs.MetricServingCertificateExpiry: true}
	labels = map[string]bool{}
	atStart, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	collect(atStart, names, labels)
	// Series labelled by config names appear with their first count: their names count as
	// served, their label values not.
	seedConfigLabelled(m)
	later, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	collect(later, names, map[string]bool{})
	return names, labels
}

// seedConfigLabelled counts once into the series labelled by config names (templates,
// profiles, the revision), which exist only from their first count.
func seedConfigLabelled(m *webhook.Metrics) {
	m.Injections.WithLabelValues("sidecar", "t")
	m.Violations.WithLabelValues("p", "r", "enforce")
	m.ConfigInfo.Set("rev")
}

// servedLabelNames is every "name/label" pair of the series a server exports once its
// config-labelled series have counted: the labels a query may group by.
func servedLabelNames(t *testing.T) map[string]bool {
	t.Helper()
	reg := prometheus.NewRegistry()
	seedConfigLabelled(webhook.NewMetrics(reg))
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[string]bool{}
	collect(families, map[string]bool{}, pairs)
	out := map[string]bool{}
	for p := range pairs {
		name, rest, _ := strings.Cut(p, "/")
		label, _, _ := strings.Cut(rest, "=")
		out[name+"/"+label] = true
	}
	return out
}

func collect(families []*dto.MetricFamily, names, labels map[string]bool) {
	for _, f := range families {
		variants := []string{f.GetName()}
		if f.GetType() == dto.MetricType_HISTOGRAM {
			variants = append(variants, f.GetName()+"_bucket", f.GetName()+"_sum", f.GetName()+"_count")
		}
		for _, n := range variants {
			names[n] = true
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					labels[n+"/"+l.GetName()+"="+l.GetValue()] = true
				}
			}
		}
	}
}
