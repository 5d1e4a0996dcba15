package patch

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// bigPatchPods: a pod and the same pod with ten injected containers, a patch of ~10 KB
// (larger than minPatchBuffer).
func bigPatchPods() (orig, mutated *corev1.Pod) {
	orig = basePod()
	mutated = basePod()
	for i := range 10 {
		mutated.Spec.Containers = append(mutated.Spec.Containers, corev1.Container{
			Name: fmt.Sprintf("sidecar-%d", i), Image: "registry.example.com/" + strings.Repeat("x", 800),
		})
	}
	return orig, mutated
}

// TestPatchBufferSizedByLastPatch: a patch as large as the last one is written into a
// buffer that never grows (one allocation fewer than from the 4 KiB guess, here), with
// the same bytes.
func TestPatchBufferSizedByLastPatch(t *testing.T) {
	orig, mutated := bigPatchPods()
	lastPatchLen.Store(0)
	cold, err := Pod(orig, mutated)
	if err != nil {
		t.Fatal(err)
	}
	if len(cold) <= minPatchBuffer {
		t.Fatalf("the test patch is %d bytes, want more than %d", len(cold), minPatchBuffer)
	}
	warm, err := Pod(orig, mutated)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cold, warm) {
		t.Fatalf("the patch changed with the buffer's size:\n%s\n%s", cold, warm)
	}
	if want := len(cold) + len(cold)/8; cap(warm) != want {
		t.Errorf("the second patch's buffer has capacity %d, want %d (the first's length + 1/8, never grown)", cap(warm), want)
	}
	withHint := testing.AllocsPerRun(20, func() { _, _ = Pod(orig, mutated) })
	fromGuess := testing.AllocsPerRun(20, func() { lastPatchLen.Store(0); _, _ = Pod(orig, mutated) })
	if withHint >= fromGuess {
		t.Errorf("with the last patch's size %v allocations, from the 4 KiB guess %v: want fewer", withHint, fromGuess)
	}
}

// TestPatchBufferSizeBounds: the hint never reserves less than the guess nor more than
// maxPatchBuffer.
func TestPatchBufferSizeBounds(t *testing.T) {
	defer lastPatchLen.Store(0)
	for last, want := range map[int]int{0: minPatchBuffer, 100: minPatchBuffer, 8000: 9000, 1 << 20: maxPatchBuffer} {
		notePatchLen(last)
		if got := patchBufferSize(); got != want {
			t.Errorf("after a patch of %d bytes the buffer starts at %d, want %d", last, got, want)
		}
	}
}
