package webhook

import "testing"

// internSink keeps intern's result alive, so the compiler cannot drop the copy.
var internSink string

// TestInternDoesNotAllocate: the interned values come without an allocation, any other
// text as a copy that does not share the scanner's bytes.
func TestInternDoesNotAllocate(t *testing.T) {
	for _, v := range []string{"admission.k8s.io/v1", "AdmissionReview", "v1", "Pod", "pods", "CREATE", "TCP", "Always", "Burstable", "true"} {
		b := []byte(v)
		if got := intern(b); got != v {
			t.Fatalf("intern(%q) = %q", v, got)
		}
		if n := testing.AllocsPerRun(100, func() { internSink = intern(b) }); n != 0 {
			t.Errorf("intern(%q): %v allocations", v, n)
		}
	}
	b := []byte("other")
	got := intern(b)
	b[0] = 'X'
	if got != "other" {
		t.Fatalf("intern shares the scanner's bytes: %q", got)
	}
}
