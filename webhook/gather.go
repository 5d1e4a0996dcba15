package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// firstWins gathers several registries into one exposition; a metric family that an
// earlier registry already has is dropped from the later ones. controller-runtime's
// registry gets the Go and process collectors too when its manager package is linked in
// (the binary's is, through ctrl.SetLogger), and two copies of go_* would make the
// whole scrape fail.
type firstWins []prometheus.Gatherer

func (g firstWins) Gather() ([]*dto.MetricFamily, error) {
	var out []*dto.MetricFamily
	seen := map[string]bool{}
	for _, gatherer := range g {
		families, err := gatherer.Gather()
		if err != nil {
			return nil, err
		}
		for _, f := range families {
			if !seen[f.GetName()] {
				seen[f.GetName()] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}
