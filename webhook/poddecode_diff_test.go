package webhook

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// checkPodDecode fails when decodePod answers raw otherwise than encoding/json alone:
// another pod (reflect.DeepEqual: nil and empty differ, quantities and times by their
// representation), another error, or an error where there is none.
func checkPodDecode(t testing.TB, raw []byte) {
	t.Helper()
	got, gotErr := decodePod(raw)
	want, wantErr := stdDecodePod(raw)
	switch {
	case (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error():
		t.Fatalf("decodePod error %v, encoding/json %v, for %.300q", gotErr, wantErr, raw)
	case !reflect.DeepEqual(got, want):
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("decodePod reads %.300q otherwise than encoding/json:\n decodePod %s\n json      %s", raw, g, w)
	}
}

// TestPodDecodeCorpus: every golden pod, workload template and harness payload is read
// by the fast decoder itself (no fallback) and exactly as encoding/json reads it; so is
// every seed, and the fallbacks answer with encoding/json's error.
func TestPodDecodeCorpus(t *testing.T) {
	golden, seeds := podDecodeCorpus(t)
	if len(golden) < 150 {
		t.Fatalf("only %d golden pods found", len(golden))
	}
	for _, raw := range golden {
		if !nestingBounded(raw) || !fastDecodePod(raw, &corev1.Pod{}) {
			t.Errorf("the fast decoder refused a golden pod: %.300s", raw)
		}
		checkPodDecode(t, raw)
	}
	for _, raw := range seeds {
		checkPodDecode(t, raw)
	}
}

// TestPodDecodeDeepNesting: nesting a million deep (a 2 MB pod) is encoding/json's to
// refuse; the fast decoder would overflow the stack, which no recover catches.
func TestPodDecodeDeepNesting(t *testing.T) {
	for _, n := range []int{4000, 1_000_000} {
		raw := []byte(`{"metadata":{"name":"deep"},"x":` + strings.Repeat(`[{"a":`, n) + "1" + strings.Repeat(`}]`, n) + `}`)
		if n == 4000 && !nestingBounded(raw) {
			t.Errorf("%d levels: not sent to the fast decoder", n)
		}
		checkPodDecode(t, raw)
	}
}

// FuzzPodDecode: for any bytes, decodePod answers as encoding/json.
func FuzzPodDecode(f *testing.F) {
	golden, seeds := podDecodeCorpus(f)
	for _, raw := range append(golden, seeds...) {
		if len(raw) < 64<<10 { // the fuzzer mutates seeds in memory: keep them small
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkPodDecode(t, raw) })
}
