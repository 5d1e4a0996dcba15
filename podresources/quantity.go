package podresources

import (
	"cmp"
	"math"
	"math/big"
	"strings"

	"gopkg.in/inf.v0"
	"k8s.io/apimachinery/pkg/api/resource"
)

// OutOfRangeDetail is the reason every out-of-range quantity is refused with, in denials,
// violations and the CLI, after the quantity ("10e2147483646 is out of range: ...").
const OutOfRangeDetail = "out of range: podpatterns judges quantities up to 9223372036854775807 " +
	"(2^63-1) base units, the largest an int64 (what nodes, the scheduler and the kubelet count in) holds"

// Resource arithmetic of resource.Quantity scales a value by 10^exponent in a loop: the
// apiserver accepts 1e2147483647 (it only rejects negative values) and re-encodes it as
// 10e2147483646, and Quantity.Cmp or Add on it never returns. Every comparison and sum
// in podpatterns goes through this file: InRange and Cmp look at digits and exponents
// only, Clamp turns an absurd value into one that ordinary arithmetic handles.

var (
	maxDec   = inf.NewDec(math.MaxInt64, 0)
	clampPos = resource.MustParse("9223372036854775808") // 2^63: above every in-range value
	clampNeg = resource.MustParse("-9223372036854775808")
)

// InRange reports whether |q| <= 2^63-1 base units. Its work is bounded by the number
// of digits q was written with, whatever its exponent.
func InRange(q resource.Quantity) bool {
	var buf [24]byte
	if d, ok := canonical(&q, buf[:]); ok {
		return d.sign == 0 || cmpMagnitude(d, maxInRange) <= 0
	}
	return cmpAbs(q.AsDec(), maxDec) <= 0
}

// Cmp compares a and b exactly, like a.Cmp(b), in time bounded by their digits: both
// in canonical form (sign, digits, magnitude; no allocation for int64-held values);
// failing that, ordinary values take Quantity.Cmp and others (0e2147483647 included)
// are ordered by the digits of their inf.Dec.
func Cmp(a, b resource.Quantity) int {
	var bufA, bufB [24]byte
	cx, okA := canonical(&a, bufA[:])
	cy, okB := canonical(&b, bufB[:])
	if okA && okB {
		return cmpDecimal(cx, cy)
	}
	if ordinary(a) && ordinary(b) {
		return a.Cmp(b)
	}
	x, y := a.AsDec(), b.AsDec()
	if sx, sy := x.Sign(), y.Sign(); sx != sy || sx == 0 {
		return cmp.Compare(sx, sy)
	}
	if x.Sign() < 0 {
		return -cmpAbs(x, y)
	}
	return cmpAbs(x, y)
}

// ordinary reports whether Quantity's own arithmetic on q is bounded: in range, and
// written with an exponent no larger than an int64 has digits (so not 0e2147483647).
func ordinary(q resource.Quantity) bool {
	if scale, known := int64Scale(q); known { // without converting q to an inf.Dec
		return scale >= -maxScale && scale <= maxScale && InRange(q)
	}
	d := q.AsDec()
	return d.Scale() >= -maxScale && d.Scale() <= maxScale && InRange(q)
}

// maxScale bounds the exponents Quantity.Cmp and Add are given: 19 digits of an int64
// and 9 of nano, with room to spare.
const maxScale = 40

// Clamp returns q when it is ordinary, else a value ordinary arithmetic handles: ±2^63
// above the range, zero for a zero written with an absurd exponent, ±1n below a
// nanounit (as ParseQuantity rounds). Admission refuses out-of-range pods anyway
// (CheckQuantities); clamping only keeps the code that computes on them bounded.
func Clamp(q resource.Quantity) resource.Quantity {
	if ordinary(q) {
		return q
	}
	d, m := digits(q.AsDec())
	switch {
	case d == "":
		return resource.Quantity{Format: resource.DecimalSI}
	case !InRange(q) && q.Sign() < 0:
		return clampNeg.DeepCopy()
	case !InRange(q):
		return clampPos.DeepCopy()
	case m < -8 && q.Sign() < 0: // |q| < 1n
		return resource.MustParse("-1n")
	case m < -8:
		return resource.MustParse("1n")
	}
	return q // in range and at least 1n: its scale is bounded by its digits
}

// Add adds q to sum, both clamped first, so a sum never scales by an absurd exponent.
func Add(sum *resource.Quantity, q resource.Quantity) {
	*sum = Clamp(*sum)
	sum.Add(Clamp(q))
}

// cmpAbs compares |x| and |y| by magnitude (number of integer digits), then digit by
// digit: no scaling by the exponent.
func cmpAbs(x, y *inf.Dec) int {
	dx, mx := digits(x)
	dy, my := digits(y)
	switch {
	case dx == "" || dy == "": // a zero
		return cmp.Compare(len(dx), len(dy))
	case mx != my:
		return cmp.Compare(mx, my)
	}
	for i := 0; i < max(len(dx), len(dy)); i++ {
		if c := cmp.Compare(digitAt(dx, i), digitAt(dy, i)); c != 0 {
			return c
		}
	}
	return 0
}

// digits returns |x|'s significant digits without trailing zeros ("" for zero) and its
// magnitude m: 10^(m-1) <= |x| < 10^m.
func digits(x *inf.Dec) (string, int64) {
	s := new(big.Int).Abs(x.UnscaledBig()).String()
	if s == "0" {
		return "", 0
	}
	return strings.TrimRight(s, "0"), int64(len(s)) - int64(x.Scale())
}

// digitAt is the i-th significant digit, '0' past the end.
func digitAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return '0'
}

// Ordinary reports whether Quantity's own methods (String, Cmp, Add) on q finish in
// bounded time: in range, with an exponent no larger than an int64 has digits.
func Ordinary(q resource.Quantity) bool { return ordinary(q) }
