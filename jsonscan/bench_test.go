package jsonscan

import (
	"os"
	"testing"
)

// BenchmarkSkipReview skips the harness's /validate review (the API server's shape:
// managed fields, probes, env, volumes), the scanner's work for what a view skips.
func BenchmarkSkipReview(b *testing.B) {
	body, err := os.ReadFile("../webhook/testdata/bench/validate.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	var s Scanner
	for b.Loop() {
		s.Reset(body)
		if s.Skip() == nil || !s.End() {
			b.Fatal("refused")
		}
	}
}
