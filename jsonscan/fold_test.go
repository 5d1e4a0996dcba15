package jsonscan

import (
	"bytes"
	"testing"
)

// TestFoldsToAsEqualFold: FoldsTo answers as bytes.EqualFold against each name, for
// keys of other lengths too (non-ASCII folds: the Kelvin sign, the long s).
func TestFoldsToAsEqualFold(t *testing.T) {
	names := []string{"name", "kind", "status", "spec", "ports", "sk"}
	for _, key := range []string{"name", "NAME", "nam", "names", "\u212aind", "\u017ftatus", "SPEC", "spe", "",
		"port\u017f", "\u017f\u212a", "s\u212a", "k", "KIND\u0000", "Name"} {
		want := false
		for _, n := range names {
			want = want || bytes.EqualFold([]byte(key), []byte(n))
		}
		if got := FoldsTo([]byte(key), names...); got != want {
			t.Errorf("FoldsTo(%q) = %v, EqualFold says %v", key, got, want)
		}
	}
}
