package limitrange

import (
	"cmp"
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
// precision: thousandths when all three fit, else units. ok is false when one of them
// is beyond what an int64 of units holds (1e2147483647 is a valid quantity): the callers
// then compare exactly (podresources.Cmp), in time bounded by the digits.
func comparable(o observed, bound resource.Quantity) (request, limit, enforced int64, ok bool) {
	if !podresources.InRange(o.request) || !podresources.InRange(o.limit) || !podresources.InRange(bound) {
		return 0, 0, 0, false
	}
	request, limit, enforced = o.request.Value(), o.limit.Value(), bound.Value()
	if request <= resource.MaxMilliValue && limit <= resource.MaxMilliValue && enforced <= resource.MaxMilliValue {
		request, limit, enforced = o.request.MilliValue(), o.limit.MilliValue(), bound.MilliValue()
	}
	return request, limit, enforced, true
}

// against returns the signs of request - bound and limit - bound, as LimitRanger
// compares them.
func against(o observed, bound resource.Quantity) (request, limit int) {
	r, l, b, ok := comparable(o, bound)
	if !ok {
		return podresources.Cmp(o.request, bound), podresources.Cmp(o.limit, bound)
	}
	return cmp.Compare(r, b), cmp.Compare(l, b)
}

// minProblem is LimitRanger's min rule: a request at least the bound, and a limit (when
// set) too. "" when o satisfies it.
func minProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	request, limit := against(o, bound)
	switch {
	case !o.hasRequest:
		return fmt.Sprintf("minimum %s usage per %s is %s, but no request is specified", name, kind, bound.String())
	case request < 0:
		return fmt.Sprintf("minimum %s usage per %s is %s, but request is %s", name, kind, bound.String(), o.request.String())
	case o.hasLimit && limit < 0:
		return fmt.Sprintf("minimum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), o.limit.String())
	}
	return ""
}

// maxProblem is LimitRanger's max rule: a limit at most the bound, and a request (when
// set) too.
func maxProblem(kind corev1.LimitType, name corev1.ResourceName, bound resource.Quantity, o observed) string {
	request, limit := against(o, bound)
	switch {
	case !o.hasLimit:
		return fmt.Sprintf("maximum %s usage per %s is %s, but no limit is specified", name, kind, bound.String())
	case limit > 0:
		return fmt.Sprintf("maximum %s usage per %s is %s, but limit is %s", name, kind, bound.String(), o.limit.String())
	case o.hasRequest && request > 0:
		return fmt.Sprintf("maximum %s usage per %s is %s, but request is %s", name, kind, bound.String(), o.request.String())
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
