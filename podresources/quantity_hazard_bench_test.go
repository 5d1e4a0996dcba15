package podresources

import (
	"os"
	"testing"
)

// BenchmarkMayHoldUnboundedQuantity is the detector's cost on the harness's reviews
// (what every request pays); TestHarnessReviewsAreNotFlagged keeps them off the walk.
func BenchmarkMayHoldUnboundedQuantity(b *testing.B) {
	for _, name := range harnessReviews {
		body, err := os.ReadFile("../webhook/testdata/bench/" + name + ".json")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if MayHoldUnboundedQuantity(body) {
					b.Fatal("flagged")
				}
			}
		})
	}
}

var harnessReviews = []string{"all", "none", "validate", "large"}

// TestHarnessReviewsAreNotFlagged: the reviews the benchmarks send (API-server-shaped,
// one with 20 containers) never take the walk.
func TestHarnessReviewsAreNotFlagged(t *testing.T) {
	for _, name := range harnessReviews {
		body, err := os.ReadFile("../webhook/testdata/bench/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if MayHoldUnboundedQuantity(body) {
			t.Errorf("%s.json is flagged: every such request would walk its quantities", name)
		}
	}
}
