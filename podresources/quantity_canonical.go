package podresources

import (
	"cmp"

	"k8s.io/apimachinery/pkg/api/resource"
)

// decimal is a quantity as sign, significant digits (no trailing zeros; none for zero)
// and magnitude m: 10^(m-1) <= |q| < 10^m. Comparing two of them is exact and bounded
// by their digits, whatever the exponents.
type decimal struct {
	sign   int
	digits []byte
	mag    int64
}

// maxCanonicalExp bounds the exponents canonical trusts: Quantity's canonical exponent is
// an int32 that an absurd scale could wrap, and a wrapped value lands near the ends of
// the int32 range, so anything beyond this goes the inf.Dec way (digits).
const maxCanonicalExp = 1 << 30

// canonical returns q as a decimal, with digits in buf when they fit: for a quantity
// held as an int64 (every ordinary one the API server sends) nothing is allocated.
// ok is false for an exponent canonical does not trust.
func canonical(q *resource.Quantity, buf []byte) (d decimal, ok bool) {
	b, exp := q.AsCanonicalBytes(buf[:0])
	if exp > maxCanonicalExp || exp < -maxCanonicalExp {
		return decimal{}, false
	}
	d.sign = 1
	if len(b) > 0 && b[0] == '-' {
		d.sign, b = -1, b[1:]
	}
	n := len(b)
	for n > 0 && b[n-1] == '0' {
		n--
	}
	if n == 0 {
		return decimal{}, true
	}
	d.digits, d.mag = b[:n], int64(len(b))+int64(exp)
	return d, true
}

// cmpDecimal compares x and y exactly.
func cmpDecimal(x, y decimal) int {
	if x.sign != y.sign || x.sign == 0 {
		return cmp.Compare(x.sign, y.sign)
	}
	return x.sign * cmpMagnitude(x, y)
}

// cmpMagnitude compares |x| and |y|, both non-zero.
func cmpMagnitude(x, y decimal) int {
	if x.mag != y.mag {
		return cmp.Compare(x.mag, y.mag)
	}
	for i := 0; i < max(len(x.digits), len(y.digits)); i++ {
		if c := cmp.Compare(digitAtBytes(x.digits, i), digitAtBytes(y.digits, i)); c != 0 {
			return c
		}
	}
	return 0
}

func digitAtBytes(s []byte, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return '0'
}

// maxInRange is 2^63-1 as a decimal.
var maxInRange = decimal{sign: 1, digits: []byte("9223372036854775807"), mag: 19}
