package webhook

import (
	"runtime"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/buildinfo"
)

// TestMetricsAtStart: before any request, every known label value is exported at 0 and
// the build is identified.
func TestMetricsAtStart(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	for _, w := range webhookNames {
		for _, r := range resultValues {
			if n := testutil.CollectAndCount(m.Requests, "podpatterns_requests_total"); n != len(webhookNames)*len(resultValues) {
				t.Fatalf("%d request series at start", n)
			}
			if v := testutil.ToFloat64(m.Requests.WithLabelValues(w, r)); v != 0 {
				t.Errorf("requests{%s,%s} = %v", w, r, v)
			}
		}
	}
	if n := testutil.CollectAndCount(m.ConfigReloads); n != 2 {
		t.Errorf("%d config reload series, want success and failure", n)
	}
	if n := testutil.CollectAndCount(m.Skips); n != len(patternNames)*len(skipReasons) {
		t.Errorf("%d skip series", n)
	}
	if n := testutil.CollectAndCount(m.InFlight); n != len(webhookNames) {
		t.Errorf("%d in-flight series, want one per webhook", n)
	}
	if n, want := testutil.CollectAndCount(m.WorkloadChecks), len(WorkloadKindNames())*(len(admission.TemplateOutcomes)+len(WorkloadSkipOutcomes)); n != want {
		t.Errorf("%d workload check series, want %d (kinds × outcomes)", n, want)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	bi := buildinfo.Get()
	for _, f := range families {
		if f.GetName() != "podpatterns_build_info" {
			continue
		}
		labels := map[string]string{}
		for _, l := range f.GetMetric()[0].GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["version"] != bi.Version || labels["commit"] != bi.Commit || labels["goversion"] != runtime.Version() || f.GetMetric()[0].GetGauge().GetValue() != 1 {
			t.Errorf("build_info %v", labels)
		}
		return
	}
	t.Error("no podpatterns_build_info")
}
