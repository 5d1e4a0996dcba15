package limitrange

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// observed is one resource of a container or of a pod, as LimitRanger reads it: its
// request and limit, each possibly absent.
type observed struct {
	request, limit       resource.Quantity
	hasRequest, hasLimit bool
}

// comparable returns the request, the limit and the bound at LimitRanger's common
// precision: thousandths when all three fit, else units. Quantities are clamped first,
// so an absurd one costs no more than an ordinary one.
func comparable(o observed, bound resource.Quantity) (request, limit, enforced int64) {
	req, lim, b := podresources.Clamp(o.request), podresources.Clamp(o.limit), podresources.Clamp(bound)
	request, limit, enforced = req.Value(), lim.Value(), b.Value()
	if request <= resource.MaxMilliValue && limit <= resource.MaxMilliValue && enforced <= resource.MaxMilliValue {
		request, limit, enforced = req.MilliValue(), lim.MilliValue(), b.MilliValue()
	}
	return request, limit, enforced
}

// minProblem is LimitRanger's min rule: a request at least the bound, and a limit (when
// set) too. "" when o satisfies it.
func minProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	request, limit, enforced := comparable(o, bound)
	switch {
	case !o.hasRequest:
		return fmt.Sprintf("minimum %s usage per %s is %s, but no request is specified", name, kind, bound.String())
	case request < enforced:
		return fmt.Sprintf("minimum %s usage per %s is %s, but request is %s", name, kind, bound.String(), o.request.String())
	case o.hasLimit && limit < enforced:
		return fmt.Sprintf("minimum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), o.limit.String())
	}
	return ""
}

// maxProblem is LimitRanger's max rule: a limit at most the bound, and a request (when
// set) too.
func maxProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	request, limit, enforced := comparable(o, bound)
	switch {
	case !o.hasLimit:
		return fmt.Sprintf("maximum %s usage per %s is %s, but no limit is specified", name, kind, bound.String())
	case limit > enforced:
		return fmt.Sprintf("maximum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), o.limit.String())
	case o.hasRequest && request > enforced:
		return fmt.Sprintf("maximum %s usage per %s is %s, but request is %s", name, kind, bound.String(), o.request.String())
	}
	return ""
}

// ratioProblem is LimitRanger's maxLimitRequestRatio rule: a non-zero request and limit
// whose ratio is at most the bound.
func ratioProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	request, limit, _ := comparable(o, bound)
	switch {
	case !o.hasRequest || request == 0:
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but no request is specified or request is 0", name, kind, bound.String())
	case !o.hasLimit || limit == 0:
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0", name, kind, bound.String())
	}
	ratio := float64(limit) / float64(request)
	b := podresources.Clamp(bound)
	observedRatio, maxRatio := ratio, float64(b.Value())
	if b.Value() <= resource.MaxMilliValue {
		observedRatio, maxRatio = ratio*1000, float64(b.MilliValue())
	}
	if observedRatio > maxRatio {
		return fmt.Sprintf("%s max limit to request ratio per %s is %s, but provided ratio is %f", name, kind, bound.String(), ratio)
	}
	return ""
}

// itemProblems are the problems of o under every bound of item for resource name, in
// LimitRanger's order (min, max, ratio).
func itemProblems(item *corev1.LimitRangeItem, name corev1.ResourceName, o observed) []string {
	var out []string
	for _, rule := range []struct {
		bounds corev1.ResourceList
		check  func(corev1.LimitType, corev1.ResourceName, resource.Quantity, observed) string
	}{{item.Min, minProblem}, {item.Max, maxProblem}, {item.MaxLimitRequestRatio, ratioProblem}} {
		if bound, ok := rule.bounds[name]; ok {
			if p := rule.check(item.Type, name, bound, o); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
