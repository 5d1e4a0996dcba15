package webhook

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// TestFirstWinsServesSharedCollectorsOnce: our registry and controller-runtime's both
// hold the Go collector in the real binary; /metrics must still answer, with our
// families included.
func TestFirstWinsServesSharedCollectorsOnce(t *testing.T) {
	ours, _ := NewRegistry()
	theirs := prometheus.NewRegistry()
	theirs.MustRegister(collectors.NewGoCollector())
	if _, err := (prometheus.Gatherers{ours, theirs}).Gather(); err == nil {
		t.Fatal("plain Gatherers no longer fail on a shared collector: firstWins may be unnecessary")
	}
	families, err := firstWins{ours, theirs}.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, f := range families {
		seen[f.GetName()]++
	}
	if seen["go_goroutines"] != 1 || seen["podpatterns_requests_total"] != 1 || seen["podpatterns_build_info"] != 1 {
		t.Errorf("families: go_goroutines %d, requests %d, build_info %d", seen["go_goroutines"], seen["podpatterns_requests_total"], seen["podpatterns_build_info"])
	}
}
