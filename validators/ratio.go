package validators

import (
	"strings"

	"gopkg.in/inf.v0"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// exceedsRatio reports whether limit > max × request, exactly (decimal arithmetic: no
// overflow for large memory values, no float rounding at the boundary). The operands are
// clamped (podresources.Clamp): decimal scales of absurd exponents overflow int32 inside
// inf.Dec, which loops or divides by zero.
func exceedsRatio(limit, request, max resource.Quantity) bool {
	limit, request, max = podresources.Clamp(limit), podresources.Clamp(request), podresources.Clamp(max)
	bound := new(inf.Dec).Mul(max.AsDec(), request.AsDec())
	return limit.AsDec().Cmp(bound) > 0
}

// formatRatio renders limit / request with at most two decimals ("4", "2.5", "1.33"),
// request positive; clamped like exceedsRatio.
func formatRatio(limit, request resource.Quantity) string {
	limit, request = podresources.Clamp(limit), podresources.Clamp(request)
	q := new(inf.Dec).QuoRound(limit.AsDec(), request.AsDec(), 2, inf.RoundHalfUp)
	s := q.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
