package main

import (
	"fmt"
	"regexp"
)

// row is one line of the table: a server answering one payload. Its ratio is to the
// floor row of the same payload.
type row struct {
	label, server, payload string
	// rateDivisor divides the open-loop rate: the large-pod rows are driven at a fifth of it,
	// since 700 large pods per second is past what one core can take for any of the
	// servers but the floor, and an overload measures the queue, not the server.
	rateDivisor int
}

// Server names.
const (
	srvFloor       = "floor"
	srvCRAllow     = "cr-allow"
	srvPodpatterns = "podpatterns"
)

var rows = []row{
	{"raw TLS floor (fixed answer)", srvFloor, "all", 1},
	{"controller-runtime admission.Webhook, allow-only", srvCRAllow, "all", 1},
	{"podpatterns /validate (profile standard, no violation)", srvPodpatterns, "validate", 1},
	{"podpatterns /mutate, selects nothing", srvPodpatterns, "none", 1},
	{"podpatterns /mutate, all six patterns", srvPodpatterns, "all", 1},
	{"podpatterns /validate-workloads, Deployment selecting nothing", srvPodpatterns, "workload-none", 1},
	{"podpatterns /validate-workloads, Deployment with all six", srvPodpatterns, "workload-all", 1},
	{"raw TLS floor, large pod (20 containers)", srvFloor, "large", 5},
	{"controller-runtime allow-only, large pod", srvCRAllow, "large", 5},
	{"podpatterns /mutate all six, large pod (20 containers)", srvPodpatterns, "large", 5},
}

// selectRows keeps the rows whose label matches pattern (-rows): a short run of one
// server or payload. The empty pattern keeps every row.
func selectRows(all []row, pattern string) ([]row, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("-rows: %w", err)
	}
	var out []row
	for _, r := range all {
		if re.MatchString(r.label) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-rows %q matches no row", pattern)
	}
	return out, nil
}
