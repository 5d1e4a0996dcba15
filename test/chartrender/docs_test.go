package chartrender_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/podpatterns/podpatterns/hack/chartdoc"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/webhook"
)

// TestMetricsReferenceMatchesCode: docs/operations/metrics.md lists exactly the
// podpatterns_* metrics the server exports and exactly the alerts the chart renders.
func TestMetricsReferenceMatchesCode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(chartrender.ChartDir(), "..", "..", "docs", "operations", "metrics.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	rowName := regexp.MustCompile("(?m)^\\| `([A-Za-z_]+)` \\|")
	var documented []string
	for _, m := range rowName.FindAllStringSubmatch(doc, -1) {
		documented = append(documented, m[1])
	}
	served, _ := servedMetricNames(t)
	var exported []string
	for name := range served {
		if strings.HasPrefix(name, "podpatterns_") && !hasHistogramSuffix(name, served) {
			exported = append(exported, name)
		}
	}
	exported = append(exported, webhook.MetricPodsByRevision) // no series until the optional scan runs
	m := render(t, chartrender.Options{Values: map[string]any{"prometheusRule": map[string]any{"enabled": true}}})
	groups, _, _ := unstructured.NestedSlice(m.Find("PrometheusRule", "podpatterns").Object, "spec", "groups")
	for _, g := range groups {
		rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
		for _, r := range rules {
			exported = append(exported, r.(map[string]any)["alert"].(string))
		}
	}
	slices.Sort(documented)
	slices.Sort(exported)
	if !slices.Equal(documented, exported) {
		t.Errorf("docs/operations/metrics.md lists\n  %v\nthe server and chart have\n  %v", documented, exported)
	}
}

// hasHistogramSuffix: name is a histogram's _bucket/_sum/_count series.
func hasHistogramSuffix(name string, served map[string]bool) bool {
	for _, suf := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suf); ok && served[base] {
			return true
		}
	}
	return false
}

// TestChartREADMEIsCurrent: charts/podpatterns/README.md (what `helm show readme`
// prints) is what `make chart-readme` writes from Chart.yaml and values.yaml now, so a
// new or changed value is documented in the package.
func TestChartREADMEIsCurrent(t *testing.T) {
	dir := chartrender.ChartDir()
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	want, err := chartdoc.README(read("Chart.yaml"), read("values.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read("README.md"); string(got) != string(want) {
		t.Errorf("charts/podpatterns/README.md is stale: run `make chart-readme`")
	}
}
