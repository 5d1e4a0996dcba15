package main

import (
	"slices"
	"testing"
	"time"
)

func labels(rs []row) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.label)
	}
	return out
}

func TestSelectRows(t *testing.T) {
	all, err := selectRows(rows, "")
	if err != nil || len(all) != len(rows) {
		t.Fatalf("empty pattern: %d rows, %v; want all %d", len(all), err, len(rows))
	}
	got, err := selectRows(rows, `^raw TLS floor \(|all six patterns$`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"raw TLS floor (fixed answer)", "podpatterns /mutate, all six patterns"}
	if !slices.Equal(labels(got), want) {
		t.Errorf("got %q, want %q", labels(got), want)
	}
	if _, err := selectRows(rows, "no such row"); err == nil {
		t.Error("a pattern matching nothing: want an error")
	}
	if _, err := selectRows(rows, "("); err == nil {
		t.Error("an invalid pattern: want an error")
	}
}

// TestFloorOf: each row's ratio is to the floor of its payload, else to the first floor
// row; without a floor row there is no ratio.
func TestFloorOf(t *testing.T) {
	saved := rows
	defer func() { rows = saved }()
	for i, r := range rows {
		f := floorOf(i)
		if rows[f].server != srvFloor || (r.payload == "large") != (rows[f].payload == "large") {
			t.Errorf("%s: floor %s", r.label, rows[f].label)
		}
	}
	rows, _ = selectRows(saved, "podpatterns")
	res := newResults()
	res.cpuPerReq[0] = []float64{80}
	if f, got := floorOf(0), res.ratio(0); f != -1 || got != "–" {
		t.Errorf("no floor row: floorOf %d, ratio %q; want -1, –", f, got)
	}
}

func TestPercentile(t *testing.T) {
	var v []time.Duration
	for i := 100; i >= 1; i-- {
		v = append(v, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 51 * time.Millisecond}, {0.99, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(v, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p*100, got, c.want)
		}
	}
	if percentile(nil, 0.99) != 0 {
		t.Error("no samples: want 0")
	}
}
