package webhook

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestPodScanKeepsPodsByRevision: each scan replaces the gauge's series (a revision no
// pod carries any more disappears), a failed scan keeps the last counts, and the loop
// ends with its context. Without a scan the gauge has no series.
func TestPodScanKeepsPodsByRevision(t *testing.T) {
	scans := []map[string]int{{"r1": 3, "r2": 1}, nil, {"r2": 4}}
	seen := make(chan map[string]float64, len(scans))
	m := NewMetrics(prometheus.NewRegistry())
	if n := testutil.CollectAndCount(m.PodsByRevision); n != 0 {
		t.Fatalf("%d series before any scan", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	s := &Server{metrics: m, opts: Options{Logger: logr.Discard(), PodScanInterval: 5 * time.Millisecond,
		PodScan: func(context.Context) (map[string]int, error) {
			if calls > 0 { // what the previous scan left
				seen <- map[string]float64{"r1": gaugeOf(m, "r1"), "r2": gaugeOf(m, "r2"), "series": float64(testutil.CollectAndCount(m.PodsByRevision))}
			}
			if calls == len(scans) {
				cancel()
				return nil, ctx.Err()
			}
			calls++
			if scans[calls-1] == nil {
				return nil, errors.New("apiserver unavailable")
			}
			return scans[calls-1], nil
		}}}
	if err := s.runPodScan(ctx); err != nil {
		t.Fatal(err)
	}
	want := []map[string]float64{{"r1": 3, "r2": 1, "series": 2}, {"r1": 3, "r2": 1, "series": 2}, {"r1": 0, "r2": 4, "series": 1}}
	for i, w := range want {
		got := <-seen
		for k, v := range w {
			if got[k] != v {
				t.Errorf("after scan %d: %s = %v, want %v", i+1, k, got[k], v)
			}
		}
	}
}

// gaugeOf reads one series without creating it (0 when absent).
func gaugeOf(m *Metrics, revision string) float64 {
	g, err := m.PodsByRevision.GetMetricWithLabelValues(revision)
	if err != nil {
		return -1
	}
	v := testutil.ToFloat64(g)
	if v == 0 {
		m.PodsByRevision.DeleteLabelValues(revision)
	}
	return v
}
