package patch

import "sync/atomic"

// The patch buffer starts at the size of the last patch built (plus an eighth), so a
// workload whose patches are larger than the first guess grows none after its first:
// each doubling of a large buffer copied it and left garbage for the collector (the
// all-six patch is ~7 KB; it used to start at 4 KiB and grow). The hint only sizes
// the buffer; the bytes written are the same.
const (
	minPatchBuffer = 4096      // most patches fit
	maxPatchBuffer = 256 << 10 // a hint never reserves more than this
)

var lastPatchLen atomic.Int64

// patchBufferSize is the capacity a new patch buffer starts with.
func patchBufferSize() int {
	n := int(lastPatchLen.Load())
	n += n / 8
	return min(max(n, minPatchBuffer), maxPatchBuffer)
}

// notePatchLen records the length of a patch just built.
func notePatchLen(n int) { lastPatchLen.Store(int64(n)) }
