package webhook

import (
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// firstWins gathers from each gatherer in order and keeps the first family of each
// name, so two registries holding the same collector (the Go runtime's) do not turn
// /metrics into an error.
type firstWins []prometheus.Gatherer

func (g firstWins) Gather() ([]*dto.MetricFamily, error) {
	seen := map[string]bool{}
	var out []*dto.MetricFamily
	var errs prometheus.MultiError
	for _, gatherer := range g {
		families, err := gatherer.Gather()
		errs.Append(err)
		for _, f := range families {
			if !seen[f.GetName()] {
				seen[f.GetName()] = true
				out = append(out, f)
			}
		}
	}
	slices.SortFunc(out, func(a, b *dto.MetricFamily) int { return strings.Compare(a.GetName(), b.GetName()) })
	return out, errs.MaybeUnwrap()
}
