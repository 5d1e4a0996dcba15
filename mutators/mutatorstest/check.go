package mutatorstest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/patch"
)

// The checks every patch-producing test shares (golden cases, fuzz targets, the HTTP
// handler, the patch package): one definition of "the patch reproduces the mutated pod"
// and of "a second pass changes nothing".

// CheckPatch applies patch (nil: no change) to podJSON as the apiserver does and fails t
// unless the result is want. It returns the patched JSON, for a second pass.
func CheckPatch(t testing.TB, podJSON, p []byte, want *corev1.Pod) []byte {
	t.Helper()
	out, err := applyJSON(podJSON, p)
	if err != nil {
		t.Fatalf("patch does not apply: %v\npatch: %s", err, p)
	}
	got, err := decodeStrict(out)
	if err != nil {
		t.Fatalf("patched pod does not decode: %v\npatch: %s", err, p)
	}
	if !equality.Semantic.DeepEqual(got, want) {
		t.Fatalf("patched input differs from the mutated pod (-mutated +patched):\n%s\npatch: %s", cmp.Diff(want, got), p)
	}
	return out
}

// CheckPodPatch is CheckPatch of the patch from in to out, on in's JSON as decoded.
func CheckPodPatch(t testing.TB, podJSON []byte, in, out *corev1.Pod) {
	t.Helper()
	p, err := patch.Pod(in, out)
	if err != nil {
		t.Fatal(err)
	}
	CheckPatch(t, podJSON, p, out)
}

// CheckSecondPass runs chain again on out (the first pass's result) in ns, as a
// reinvocation does: it must change nothing, so yield no patch, and report exactly what
// the first pass reported (SecondPass: no injection, the same skips, warnings and
// denials). A denied first pass has no second: the API server rejects the pod, so no
// reinvocation ever sees the chain's partial result (a pass after a denial on it would
// find, say, the preStop hooks the denied pass added and report a skip no user sees).
func CheckSecondPass(t testing.TB, chain *mutators.Chain, ns mutators.Namespace, out *corev1.Pod, first mutators.Report) mutators.Report {
	t.Helper()
	if len(first.Denials) > 0 {
		return first
	}
	req := mutators.NewRequest(out.DeepCopy(), ns)
	chain.Mutate(req)
	if err := SecondPass(first, req.Report); err != nil {
		t.Error(err)
	}
	if !equality.Semantic.DeepEqual(out, req.Pod) {
		t.Errorf("second pass changed the pod (-first +second):\n%s", cmp.Diff(out, req.Pod))
	}
	if p, err := patch.Pod(out, req.Pod); err != nil || p != nil {
		t.Errorf("second pass yields a patch %s (err %v)", p, err)
	}
	return req.Report
}
