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

// BenchmarkObjectKeys reads the /validate review's objects member by member (every key
// through Object, every value skipped), the view's way of walking the objects it reads.
func BenchmarkObjectKeys(b *testing.B) {
	body, err := os.ReadFile("../webhook/testdata/bench/validate.json")
	if err != nil {
		b.Fatal(err)
	}
	var s Scanner
	var walk func() bool
	walk = func() bool {
		switch s.peek() {
		case '{':
			return s.Object(func([]byte, bool) bool { return walk() })
		case '[':
			return s.Array(walk)
		}
		return s.Skip() != nil
	}
	for b.Loop() {
		s.Reset(body)
		if !walk() || !s.End() {
			b.Fatal("refused")
		}
	}
}
