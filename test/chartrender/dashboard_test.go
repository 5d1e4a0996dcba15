package chartrender_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// targetLabels are the labels Prometheus adds to every scraped series (ServiceMonitor).
var targetLabels = map[string]bool{"job": true, "pod": true, "namespace": true, "instance": true, "service": true, "endpoint": true, "container": true}

// TestDashboardQueriesServedMetrics: the dashboard is rendered behind its value, with the
// sidecar's label, and every query reads only podpatterns_* series the server exports,
// grouped only by labels those series carry (or Prometheus' target labels): a renamed
// metric or label cannot leave a panel silently empty.
func TestDashboardQueriesServedMetrics(t *testing.T) {
	if m := render(t, chartrender.Options{}); len(m.OfKind("ConfigMap")) != 1 {
		t.Errorf("the dashboard is rendered without grafanaDashboard.enabled")
	}
	m := render(t, chartrender.Options{Values: map[string]any{"grafanaDashboard": map[string]any{"enabled": true}}})
	cm := m.Find("ConfigMap", "podpatterns-dashboard")
	if cm.GetLabels()["grafana_dashboard"] != "1" {
		t.Errorf("dashboard labels %v lack grafana_dashboard=1", cm.GetLabels())
	}
	data, _ := cm.Object["data"].(map[string]any)
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal([]byte(data["podpatterns.json"].(string)), &dash); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	served, _ := servedMetricNames(t)
	labels := servedLabelNames(t)
	series := regexp.MustCompile(`podpatterns_[a-z_]+`)
	by := regexp.MustCompile(`by \(([^)]*)\)`)
	queries := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			queries++
			names := series.FindAllString(tg.Expr, -1)
			if len(names) == 0 {
				t.Errorf("panel %q reads no podpatterns_* series: %s", p.Title, tg.Expr)
			}
			for _, name := range names {
				if !served[name] {
					t.Errorf("panel %q reads %s, which the server does not export", p.Title, name)
				}
				for _, group := range by.FindAllStringSubmatch(tg.Expr, -1) {
					for _, l := range strings.Split(group[1], ",") {
						if l = strings.TrimSpace(l); !targetLabels[l] && l != "le" && !labels[name+"/"+l] {
							t.Errorf("panel %q groups %s by %q, a label it does not carry", p.Title, name, l)
						}
					}
				}
			}
		}
	}
	if queries < 10 {
		t.Errorf("%d queries in the dashboard", queries)
	}
}
