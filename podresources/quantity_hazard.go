package podresources

import "bytes"

// MayHoldUnboundedQuantity reports whether raw (JSON, YAML, any text) may hold a
// quantity CheckQuantityText refuses: a signed exponent ("e-", "E+"...) of more than
// two digits or above 64, a run of more than MaxQuantityMantissa digits and points, or
// an unsigned exponent of wrapRun digits or more. It never misses one
// (FuzzQuantityText checks it against CheckQuantityText) and costs a few SIMD searches
// (for the signs) plus one byte in hazardStride, so every request can afford it; only when it says yes
// does the caller walk the object's quantities one by one.
func MayHoldUnboundedQuantity(raw []byte) bool {
	for _, sign := range []byte{'-', '+'} {
		for i := 1; i < len(raw)-1; i++ {
			j := bytes.IndexByte(raw[i:len(raw)-1], sign)
			if j < 0 {
				break
			}
			i += j
			if (raw[i-1] == 'e' || raw[i-1] == 'E') && isDigit(raw[i+1]) && exponentHazard(raw[i+1:]) {
				return true
			}
		}
	}
	for i := hazardStride - 1; i < len(raw); i += hazardStride {
		if !numeric[raw[i]] {
			continue
		}
		start, end := i, i+1
		for start > 0 && numeric[raw[start-1]] {
			start--
		}
		for end < len(raw) && numeric[raw[end]] {
			end++
		}
		if end-start > MaxQuantityMantissa || (end-start >= wrapRun && start > 0 && (raw[start-1] == 'e' || raw[start-1] == 'E')) {
			return true
		}
		i = end
	}
	return false
}

// An unsigned exponent wraps to a negative int32 only from 2^31 on: wrapRun digits. A
// mantissa over MaxQuantityMantissa and such an exponent are both runs of at least
// wrapRun digits and points, and any such run holds a byte at a multiple of
// hazardStride (wrapRun >= 2*hazardStride-1).
const (
	wrapRun      = 10
	hazardStride = 5
)

// exponentHazard reports whether the signed exponent's digits at the start of rest
// could be read past MinQuantityExponent: more than two significant digits, or a
// value above 64 (both signs: a positive one wraps only past 2^31, but "+" markers are
// rare enough in a pod that a closer look costs nothing).
func exponentHazard(rest []byte) bool {
	for len(rest) > 0 && rest[0] == '0' {
		rest = rest[1:]
	}
	n := 0
	for n < len(rest) && isDigit(rest[n]) {
		n++
	}
	return n > 2 || (n == 2 && (rest[0] > '6' || (rest[0] == '6' && rest[1] > '4')))
}

// numeric marks the bytes of a mantissa: digits and the point.
var numeric = [256]bool{'0': true, '1': true, '2': true, '3': true, '4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '.': true}
