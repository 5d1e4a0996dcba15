package podresources

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// parseBound is a hang guard per parse, not a performance assertion: a parse inside
// the bounds takes microseconds; the ones outside take seconds or never return.
const parseBound = 5 * time.Second

func TestCheckQuantityText(t *testing.T) {
	refused := []string{"1e-2147483647", "1E-65", "1e-0000000000065", "1e2147483649", "1e+4294967231", " -1e-100 ",
		"0." + strings.Repeat("1", 64), strings.Repeat("9", 65), "1" + strings.Repeat("0", 64) + "Ki"}
	accepted := []string{"1e-64", "1E-64", "1e2147483647", "10e2147483646", "1e4294967295", "0." + strings.Repeat("1", 62),
		strings.Repeat("9", 64), "100m", "1Gi", "", "abc", "1e-99999999999999999999", "1e", "-1n", "1e-9223372036854775808", "1e4294967232"}
	for _, s := range refused {
		if err := CheckQuantityText(s); err == nil || !strings.Contains(err.Error(), QuantityBoundDetail) {
			t.Errorf("%.80q: %v, want refused", s, err)
		}
	}
	for _, s := range accepted {
		if err := CheckQuantityText(s); err != nil {
			t.Errorf("%.80q: %v, want accepted", s, err)
		}
		parsesWithin(t, s)
	}
}

// parsesWithin fails the test when ParseQuantity(s) has not returned after parseBound.
func parsesWithin(t testing.TB, s string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		_, _ = resource.ParseQuantity(strings.TrimSpace(s))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(parseBound):
		t.Fatalf("ParseQuantity(%.80q) passed the check and did not return within %s", s, parseBound)
	}
}

// FuzzQuantityText: what the check accepts parses in bounded time (a deadline per
// input); what it refuses the detector flags, as a JSON string and as a number, and the
// walk refuses at a quantity position (so the detector never lets one through).
func FuzzQuantityText(f *testing.F) {
	for _, s := range []string{"1e-2147483647", "1e2147483649", "1e-64", "1e-65", "0.000001", "1.5Gi", "12345678901234567890",
		"1e+0000000002147483649", "-0.5e-70", "9" + strings.Repeat("0", 70), "1E-1000", " 7e-99 ", "1ee-99", "e-99", "1.e-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckQuantityText(s)
		if err == nil {
			parsesWithin(t, s)
			return
		}
		if !strings.ContainsAny(s, "\"\\") && !MayHoldUnboundedQuantity([]byte(`{"cpu":"`+s+`"}`)) {
			t.Fatalf("%.80q is refused (%v) but the detector misses it as a string", s, err)
		}
		if !MayHoldUnboundedQuantity([]byte(`{"cpu":` + s + `}`)) {
			t.Fatalf("%.80q is refused (%v) but the detector misses it as a number", s, err)
		}
		raw, _ := json.Marshal(map[string]string{"cpu": s})
		if werr := CheckQuantitiesJSON(raw, reflect.TypeFor[corev1.ResourceList]()); werr == nil {
			t.Fatalf("%.80q is refused (%v) but the walk at a quantity position lets it through", s, err)
		}
	})
}

func TestMayHoldUnboundedQuantityOnOrdinaryPods(t *testing.T) {
	for _, body := range []string{
		`{"spec":{"containers":[{"name":"app","image":"registry.example/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",` +
			`"resources":{"requests":{"cpu":"250m","memory":"1e3","x":"1e-9"}}}]},"metadata":{"resourceVersion":"12345678901234","name":"e2e-1"}}`,
	} {
		if MayHoldUnboundedQuantity([]byte(body)) {
			t.Errorf("an ordinary pod is flagged: every request would take the slow walk\n%s", body)
		}
	}
}

// TestCheckQuantitiesJSONPositions: the walk looks where a decoder parses quantities
// (case-folded keys, duplicates, nested maps and lists, numbers) and nowhere else.
func TestCheckQuantitiesJSONPositions(t *testing.T) {
	pod := reflect.TypeFor[corev1.Pod]()
	bad := `"1e-2147483647"`
	for raw, want := range map[string]string{
		`{"spec":{"containers":[{},{"resources":{"limits":{"cpu":` + bad + `}}}]}}`:                                             "spec.containers[1].resources.limits[cpu]",
		`{"SPEC":{"Overhead":{"x":1e-2147483647}}}`:                                                                             "SPEC.Overhead[x]",
		`{"spec":{"overhead":{"x":` + bad + `,"x":"1"}}}`:                                                                       "spec.overhead[x]",
		`{"spec":{"volumes":[{"emptyDir":{"sizeLimit":` + bad + `}}]}}`:                                                         "spec.volumes[0].emptyDir.sizeLimit",
		`{"kind":"Pod","metadata":{"annotations":{"cpu":` + bad + `}},"spec":{"containers":[{"env":[{"value":` + bad + `}]}]}}`: "",
		`{"spec":{"containers":{"resources":` + bad + `}}}`:                                                                     "",
	} {
		err := CheckQuantitiesJSON([]byte(raw), pod)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v, want no error", raw, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want+": quantity")):
			t.Errorf("%s: %v, want an error at %s", raw, err, want)
		}
	}
	if err := CheckQuantitiesJSON([]byte(`{"spec":{"overhead":{"x":`), pod); err == nil {
		t.Error("truncated JSON: no error")
	}
}
