package webhook

import (
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
)

// TestInternKeyDoesNotAllocate: the interned keys come without an allocation, any other
// key as a copy that does not share the scanner's bytes.
func TestInternKeyDoesNotAllocate(t *testing.T) {
	for _, v := range []string{"cpu", "memory", "ephemeral-storage", "app", "pod-template-hash",
		mutators.AnnotationStatus, mutators.AnnotationSidecars, mutators.AnnotationPreStop} {
		b := []byte(v)
		if got := internKey(b); got != v {
			t.Fatalf("internKey(%q) = %q", v, got)
		}
		if n := testing.AllocsPerRun(100, func() { internSink = internKey(b) }); n != 0 {
			t.Errorf("internKey(%q): %v allocations", v, n)
		}
	}
	b := []byte("tier")
	got := internKey(b)
	b[0] = 'X'
	if got != "tier" {
		t.Fatalf("internKey shares the scanner's bytes: %q", got)
	}
}
