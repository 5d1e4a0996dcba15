package limitrange

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// ratioProblem is LimitRanger's maxLimitRequestRatio rule: a non-zero request and limit
// whose ratio is at most the bound.
func ratioProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	ratio, maxRatio, requestZero, limitZero := ratios(o, bound)
	switch {
	case !o.hasRequest || requestZero:
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but no request is specified or request is 0", name, kind, bound.String())
	case !o.hasLimit || limitZero:
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0", name, kind, bound.String())
	}
	if observed := scaledRatio(ratio, bound); observed > maxRatio {
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but provided ratio is %f", name, kind, bound.String(), ratio)
	}
	return ""
}

// scaledRatio is ratio in the unit ratios gives the bound in: thousandths when the
// bound is an ordinary quantity.
func scaledRatio(ratio float64, bound resource.Quantity) float64 {
	if podresources.InRange(bound) && bound.Value() <= resource.MaxMilliValue {
		return ratio * 1000
	}
	return ratio
}

// ratios returns limit/request and the bound as LimitRanger computes them (from the
// common-precision integers; approximate floats beyond them), and whether the request
// or the limit counts as zero.
func ratios(o observed, bound resource.Quantity) (ratio, maxRatio float64, requestZero, limitZero bool) {
	r, l, _, ok := comparable(o, bound)
	if !ok {
		req, lim, b := podresources.Clamp(o.request), podresources.Clamp(o.limit), podresources.Clamp(bound)
		rf, lf := req.AsApproximateFloat64(), lim.AsApproximateFloat64()
		maxRatio = b.AsApproximateFloat64()
		if podresources.InRange(bound) && bound.Value() <= resource.MaxMilliValue {
			maxRatio *= 1000
		}
		return lf / rf, maxRatio, rf == 0, lf == 0
	}
	if r == 0 || l == 0 {
		return 0, 0, r == 0, l == 0
	}
	ratio = float64(l) / float64(r)
	if bound.Value() <= resource.MaxMilliValue { // compared in thousandths, as LimitRanger does
		return ratio, float64(bound.MilliValue()), false, false
	}
	return ratio, float64(bound.Value()), false, false
}
