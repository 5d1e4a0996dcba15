package webhook

import (
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// servedRevisions are the revision labels of podpatterns_config_info in one scrape.
func servedRevisions(t *testing.T, m *Metrics) []string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(m.ConfigInfo)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range families {
		for _, s := range f.GetMetric() {
			if s.GetGauge().GetValue() != 1 {
				t.Errorf("podpatterns_config_info{revision=%q} = %v, want 1", s.GetLabel()[0].GetValue(), s.GetGauge().GetValue())
			}
			out = append(out, s.GetLabel()[0].GetValue())
		}
	}
	return out
}

// TestConfigInfoDuringReloads: every scrape taken while reloads swap the revision sees
// exactly one series. Negative control: SetPipeline as a GaugeVec delete-then-set
// (before this collector) showed scrapes with no series.
func TestConfigInfoDuringReloads(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	m.ConfigInfo.Set("a")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			m.ConfigInfo.Set([]string{"a", "b"}[i%2])
		}
	}()
	for range 2000 {
		if got := servedRevisions(t, m); len(got) != 1 {
			t.Fatalf("a scrape during reloads saw %d series %v, want exactly one", len(got), got)
		}
	}
	close(stop)
	wg.Wait()
}
