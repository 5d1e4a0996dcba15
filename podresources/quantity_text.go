package podresources

import (
	"fmt"
	"strconv"
	"strings"
)

// apimachinery's ParseQuantity rounds every value to nanounits with inf.Dec.Round, whose
// work grows with the value's decimal scale: "1e-10000000" takes seconds, "1e-2147483647"
// never returns (and grows memory), and so does a positive exponent that wraps (the
// exponent is read as an int64 and truncated to an int32: "1e2147483649" is read as
// 1e-2147483647). A long mantissa costs time quadratic in its digits. podpatterns checks
// the text of every quantity a request or a config carries before it is parsed, and
// refuses the ones past these bounds; every quantity a person writes is far inside them.
const (
	// MaxQuantityMantissa bounds the digits and point before a quantity's suffix.
	MaxQuantityMantissa = 64
	// MinQuantityExponent bounds the exponent of a quantity written with e or E, as
	// ParseQuantity reads it (an int32): below it the value is under 1e-64, which
	// ParseQuantity would round up to 1n anyway.
	MinQuantityExponent = -64
)

// QuantityBoundDetail is what a refused quantity is told, after its text.
const QuantityBoundDetail = "is not parsed: podpatterns parses quantities with at most 64 digits " +
	"(and the point) before the suffix and an exponent of at least -64 (apimachinery's " +
	"parser takes time that grows with the digits and the negative exponent)"

// CheckQuantityText returns an error when ParseQuantity on s (trimmed, as
// Quantity.UnmarshalJSON does) could take more than bounded time: a mantissa longer
// than MaxQuantityMantissa or an exponent below MinQuantityExponent. Text that is not
// a quantity at all passes: ParseQuantity refuses it promptly.
func CheckQuantityText(s string) error {
	s = strings.TrimSpace(s)
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	n := 0
	for n < len(s) && (isDigit(s[n]) || s[n] == '.') {
		n++
	}
	if n > MaxQuantityMantissa {
		return fmt.Errorf("quantity %s %s", abbreviate(s), QuantityBoundDetail)
	}
	suffix := s[n:]
	if len(suffix) < 2 || (suffix[0] != 'e' && suffix[0] != 'E') {
		return nil
	}
	exp, err := strconv.ParseInt(suffix[1:], 10, 64)
	if err != nil || int32(exp) >= MinQuantityExponent {
		return nil
	}
	return fmt.Errorf("quantity %s (read with exponent %d) %s", abbreviate(s), int32(exp), QuantityBoundDetail)
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// abbreviate keeps an error message short whatever the text's length.
func abbreviate(s string) string {
	const keep = 40
	if len(s) <= 2*keep {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:keep]) + fmt.Sprintf("...(%d bytes)...", len(s)-2*keep) + strconv.Quote(s[len(s)-keep:])
}
