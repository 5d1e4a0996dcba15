package main

import (
	"bytes"
	"math"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/podpatterns/podpatterns/webhook"
)

// exposition is what podpatterns' /metrics serves after observing seconds on the
// webhook the harness's endpoint maps to (and one slow validate, which must not count).
func exposition(t *testing.T, endpoint string, seconds ...float64) *bytes.Buffer {
	t.Helper()
	reg := prometheus.NewRegistry()
	m := webhook.NewMetrics(reg)
	for i, s := range seconds {
		result := []string{webhook.ResultAllowed, webhook.ResultPatched}[i%2]
		m.Latency.WithLabelValues(webhookLabel[endpoint], result).Observe(s)
	}
	m.Latency.WithLabelValues(webhook.WebhookValidate, webhook.ResultAllowed).Observe(2)
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body
}

// TestHandlerBucketsFromPodpatternsMetrics: the harness reads podpatterns' real duration
// histogram (name, labels, endpoint mapping), sums its results and takes the bucket
// holding the quantile of one window's counts.
func TestHandlerBucketsFromPodpatternsMetrics(t *testing.T) {
	before, err := parseBuckets(exposition(t, "mutate", 0.0003), webhookLabel["mutate"])
	if err != nil {
		t.Fatal(err)
	}
	window := make([]float64, 0, 101)
	window = append(window, 0.0003) // the one before the window
	for range 98 {
		window = append(window, 0.0004) // ≤ 0.5 ms
	}
	window = append(window, 0.0009, 0.02) // ≤ 1 ms, ≤ 25 ms
	after, err := parseBuckets(exposition(t, "mutate", window...), webhookLabel["mutate"])
	if err != nil {
		t.Fatal(err)
	}
	b := buckets{}
	b.add(before, after) // 100 requests in the window
	for _, c := range []struct {
		q, want float64
	}{{0.5, 0.0005}, {0.98, 0.0005}, {0.99, 0.001}, {1, 0.025}} {
		if got, ok := b.quantile(c.q); !ok || got != c.want {
			t.Errorf("quantile %v = %v, %v; want %v", c.q, got, ok, c.want)
		}
	}
	if got := upTo(b, 0.99); got != "≤ 1.00 ms" {
		t.Errorf("upTo = %q", got)
	}
}

func TestHandlerQuantileEdges(t *testing.T) {
	if _, ok := (buckets{}).quantile(0.99); ok {
		t.Error("no counts: want no quantile")
	}
	if got := upTo(nil, 0.99); got != "–" {
		t.Errorf("reference server: upTo = %q, want –", got)
	}
	past := buckets{0.001: 0, 2.5: 0, math.Inf(1): 10}
	if got, _ := past.quantile(0.99); !math.IsInf(got, 1) {
		t.Errorf("past the last bound: %v, want +Inf", got)
	}
	if got := upTo(past, 0.99); got != "> 2500.00 ms" {
		t.Errorf("upTo past the last bound = %q", got)
	}
}
