package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// plain marks the bytes a string's run can step over without a second look: printable
// ASCII but the quote and the backslash. Anything else ends the run (the closing
// quote, an escape, a control byte, the first byte of a non-ASCII character).
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainRun returns the end of the run of plain bytes of d from i: eight bytes at a
// time while they are all plain, then byte by byte.
func plainRun(d []byte, i int) int {
	for i+8 <= len(d) {
		if stop := notPlain(binary.LittleEndian.Uint64(d[i:])); stop != 0 {
			return i + bits.TrailingZeros64(stop)/8
		}
		i += 8
	}
	for i < len(d) && plain[d[i]] {
		i++
	}
	return i
}

// notPlain has the high bit of each byte of v that is not plain set, at least of the
// first one (a byte after a flagged one may be flagged by the borrow too, which only
// ever carries upwards, so the lowest flag is exact).
func notPlain(v uint64) uint64 {
	control := (v - ones*0x20) & ^v     // bytes below 0x20
	quote := (v ^ ones*'"') - ones      // the quote's byte becomes 0xff
	backslash := (v ^ ones*'\\') - ones // and the backslash's
	quote &= ^(v ^ ones*'"')
	backslash &= ^(v ^ ones*'\\')
	return (control | quote | backslash | v) & highs
}
