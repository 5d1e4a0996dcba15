package podresources

import (
	"cmp"
	"errors"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
)

// decInRange and decCmp are the inf.Dec forms of InRange and Cmp (digits of the
// unscaled big integer): slower, allocating, and the reference the canonical form must
// agree with.
func decInRange(q resource.Quantity) bool { return cmpAbs(q.AsDec(), maxDec) <= 0 }

func decCmp(a, b resource.Quantity) int {
	x, y := a.AsDec(), b.AsDec()
	if sx, sy := x.Sign(), y.Sign(); sx != sy || sx == 0 {
		return cmp.Compare(sx, sy)
	}
	if x.Sign() < 0 {
		return -cmpAbs(x, y)
	}
	return cmpAbs(x, y)
}

var canonicalSeeds = []string{
	"0", "1n", "500m", "250m", "1", "1000m", "64Gi", "8Ei", "7Ei", "1G", "1Gi", "-1",
	"9223372036854775807", "9223372036854775808", "-9223372036854775807", "-9223372036854775808",
	"9223372036854775807.5", "1e19", "10e18", "1e2147483647", "10e2147483646", "0e2147483647",
	"-1e2147483647", "1e-9", "0.000000001e18", "123456789012345678901234567890", "1.5", "1500m",
	"100000000000000000000000000000e-30", "922337203685477580.7e1", "9.223372036854775807e18",
}

// FuzzCanonicalMatchesDec: InRange and Cmp through the canonical form answer what the
// inf.Dec digits answer, for any pair of quantities ParseQuantity accepts.
func FuzzCanonicalMatchesDec(f *testing.F) {
	for _, a := range canonicalSeeds {
		f.Add(a, "1")
		f.Add(a, "9223372036854775807")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		qa, errA := parseFuzzQuantity(a)
		qb, errB := parseFuzzQuantity(b)
		if errA != nil || errB != nil {
			return // not a quantity (or one ParseQuantity itself never finishes): nothing to compare
		}
		if got, want := InRange(qa), decInRange(qa); got != want {
			t.Errorf("InRange(%s) = %v, inf.Dec says %v", a, got, want)
		}
		if got, want := ordinary(qa), decOrdinary(qa); got != want {
			t.Errorf("ordinary(%s) = %v, inf.Dec says %v", a, got, want)
		}
		if got, want := Cmp(qa, qb), decCmp(qa, qb); got != want {
			t.Errorf("Cmp(%s, %s) = %d, inf.Dec says %d", a, b, got, want)
		}
	})
}

// TestCanonicalDoesNotAllocate: comparing int64-held quantities allocates nothing (the
// chain compares every container's requests and limits on every request).
func TestCanonicalDoesNotAllocate(t *testing.T) {
	a, b := resource.MustParse("250m"), resource.MustParse("512Mi")
	if n := testing.AllocsPerRun(100, func() { _ = InRange(a) && Cmp(a, b) < 0 }); n != 0 {
		t.Errorf("InRange + Cmp allocate %v times", n)
	}
}

// parseFuzzQuantity is ParseQuantity where ParseQuantity itself returns: exponents up to
// ±1000, and up to what an int32 holds for a short mantissa (held as an int64). Beyond
// that ParseQuantity computes 10^|exponent| in a big integer (to scale, or to round to a
// nanounit) and does not return in a fuzzer's time.
func parseFuzzQuantity(s string) (resource.Quantity, error) {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.ParseInt(s[i+1:], 10, 32)
		if err != nil || e < -1000 || (e > 1000 && i > 15) {
			return resource.Quantity{}, errors.New("exponent out of the fuzzed range")
		}
	}
	return resource.ParseQuantity(s)
}

// decOrdinary is ordinary through inf.Dec only (the reference of the int64 shortcut).
func decOrdinary(q resource.Quantity) bool {
	d := q.AsDec()
	return d.Scale() >= -maxScale && d.Scale() <= maxScale && decInRange(q)
}

// TestOrdinaryMatchesDec: the int64 shortcut of ordinary answers what inf.Dec answers,
// and the layout it reads is found in this apimachinery.
func TestOrdinaryMatchesDec(t *testing.T) {
	if !int64Fields.ok {
		t.Fatal("Quantity's int64 form not found: ordinary always converts to inf.Dec")
	}
	qs := []resource.Quantity{*resource.NewScaledQuantity(1, 41), *resource.NewScaledQuantity(1, -41),
		*resource.NewScaledQuantity(0, 1<<30), *resource.NewScaledQuantity(-5, 40), *resource.NewMilliQuantity(1500, resource.DecimalSI)}
	for _, s := range canonicalSeeds {
		if q, err := parseFuzzQuantity(s); err == nil {
			qs = append(qs, q)
		}
	}
	for _, q := range qs {
		if got, want := ordinary(q), decOrdinary(q); got != want {
			t.Errorf("ordinary(%s) = %v, inf.Dec says %v", q.String(), got, want)
		}
	}
}
