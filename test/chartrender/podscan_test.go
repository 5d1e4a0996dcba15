package chartrender_test

import (
	"slices"
	"testing"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestPodRevisionScan: off by default (no flag, no pod permission); with
// server.podRevisionScanInterval the server gets the flag and list on pods, nothing more.
func TestPodRevisionScan(t *testing.T) {
	listPods := grant{"cluster", "", "pods", "list", ""}
	off := render(t, chartrender.Options{})
	if args := deployment(t, off, "podpatterns").Spec.Template.Spec.Containers[0].Args; slices.ContainsFunc(args, func(a string) bool {
		return argMap([]string{a})["--pod-revision-scan-interval"] != ""
	}) || slices.Contains(grants(t, off), listPods) {
		t.Errorf("default: the scan is on (args %v)", args)
	}
	on := render(t, chartrender.Options{Values: map[string]any{"server": map[string]any{"podRevisionScanInterval": "10m"}}})
	if got := argMap(deployment(t, on, "podpatterns").Spec.Template.Spec.Containers[0].Args)["--pod-revision-scan-interval"]; got != "10m" {
		t.Errorf("--pod-revision-scan-interval=%q, want 10m", got)
	}
	if !slices.Contains(grants(t, on), listPods) {
		t.Errorf("the scan is on without list on pods: %v", grants(t, on))
	}
	if _, err := chartrender.Render(chartrender.Options{Values: map[string]any{"server": map[string]any{"podRevisionScanInterval": "10 minutes"}}}); err == nil {
		t.Error("the schema accepts podRevisionScanInterval \"10 minutes\"")
	}
}
