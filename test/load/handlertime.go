package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/podpatterns/podpatterns/webhook"
)

// durationMetric is podpatterns' handler-time histogram (webhook.NewMetrics): from the
// request's headers read to its answer written, without TLS, queueing or the network.
const durationMetric = "podpatterns_request_duration_seconds"

// webhookLabel is the histogram's webhook label of an endpoint path of the harness.
var webhookLabel = map[string]string{
	"mutate": webhook.WebhookMutate, "validate": webhook.WebhookValidate, "validate-workloads": webhook.WebhookWorkloads,
}

// buckets are a histogram's cumulative counts by upper bound (seconds; +Inf included).
type buckets map[float64]float64

// handlerBuckets reads podpatterns' duration histogram of one endpoint, summed over its
// results (nil for the reference servers, which serve no metrics). Read outside the
// measurement windows.
func (s *server) handlerBuckets(endpoint string) (buckets, error) {
	if s.metrics == "" {
		return nil, nil
	}
	resp, err := http.Get(s.metrics)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return parseBuckets(resp.Body, webhookLabel[endpoint])
}

var labelPair = regexp.MustCompile(`(\w+)="([^"]*)"`)

// parseBuckets sums the durationMetric buckets of webhook w in a Prometheus text
// exposition.
func parseBuckets(r io.Reader, w string) (buckets, error) {
	out := buckets{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), durationMetric+"_bucket{")
		labels, value, ok2 := strings.Cut(rest, "} ")
		if !ok || !ok2 {
			continue
		}
		var le float64
		var ours bool
		for _, m := range labelPair.FindAllStringSubmatch(labels, -1) {
			switch m[1] {
			case "webhook":
				ours = m[2] == w
			case "le":
				le, _ = strconv.ParseFloat(m[2], 64) // "+Inf" parses as +Inf
			}
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q: %w", durationMetric, sc.Text(), err)
		}
		if ours {
			out[le] += n
		}
	}
	return out, sc.Err()
}

// add adds the counts between before and after (one measurement window) to b.
func (b buckets) add(before, after buckets) {
	for le, n := range after {
		b[le] += n - before[le]
	}
}

// quantile is the upper bound of the bucket holding quantile q of the counts (+Inf past
// the last bound), false without counts.
func (b buckets) quantile(q float64) (float64, bool) {
	bounds := slices.Sorted(maps.Keys(b))
	if len(bounds) == 0 || b[bounds[len(bounds)-1]] == 0 {
		return 0, false
	}
	want := q * b[bounds[len(bounds)-1]]
	for _, le := range bounds {
		if b[le] >= want {
			return le, true
		}
	}
	return math.Inf(1), true
}
