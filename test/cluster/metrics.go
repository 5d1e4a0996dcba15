package cluster

import (
	"fmt"
	"strings"
)

// MetricValue sums the samples of the metric name whose label set contains every one of
// labels (e.g. `webhook="mutate"`); ok is false when there is no such sample.
func (s *Server) MetricValue(name string, labels ...string) (value float64, ok bool, err error) {
	text, err := s.Metrics()
	if err != nil {
		return 0, false, err
	}
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		matches := true
		for _, l := range labels {
			matches = matches && strings.Contains(line, l)
		}
		if !matches {
			continue
		}
		var v float64
		if _, err := fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &v); err != nil {
			return 0, false, fmt.Errorf("metric line %q: %w", line, err)
		}
		value, ok = value+v, true
	}
	return value, ok, nil
}
