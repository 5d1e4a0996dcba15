package validators

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

// resourceValidator enforces a profile's per-resource rules on every container and on
// the pod's effective totals.
type resourceValidator struct {
	injected Injectables
}

var _ Validator = (*resourceValidator)(nil)

// newResourceValidator recognises injected containers through injected (for the
// injectedSidecars exemption).
func newResourceValidator(injected Injectables) *resourceValidator {
	return &resourceValidator{injected: injected}
}

// Name is the validator's log name.
func (v *resourceValidator) Name() string { return "resources" }

// containerList is one of the pod's container lists with its field path.
type containerList struct {
	path *field.Path
	list []corev1.Container
}

// Validate judges the pod as the apiserver stores it: as Defaulted leaves it (a request
// defaulted from a limit counts as a request; DefaultedForReading copies only when
// defaulting changes something), never changing req.Pod. Violations come
// container by container (app containers, then init containers), resources in name
// order, then the pod's totals.
func (v *resourceValidator) Validate(req *Request, p *Profile) []Violation {
	if len(p.Resources) == 0 {
		return nil
	}
	pod := podresources.DefaultedForReading(req.Pod)
	exempt := p.Exempt.exemptContainers(pod, v.injected)
	names := sortedResourceNames(p.Resources)
	level := podLevel(pod)
	var out []Violation
	for _, cl := range []containerList{{containersPath, pod.Spec.Containers}, {initContainersPath, pod.Spec.InitContainers}} {
		for i := range cl.list {
			c := &cl.list[i]
			if exempt[c.Name] {
				continue
			}
			for _, name := range names {
				check := newContainerCheck(level, c, cl.path, i, name)
				out = append(out, check.run(p.Resources[name])...)
			}
		}
	}
	var totals podTotals // computed for the first rule with a pod-level bound, if any
	for _, name := range names {
		rule := p.Resources[name]
		if !rule.Requests.podBounded() && !rule.Limits.podBounded() {
			continue // podBounds would judge nothing
		}
		if totals.requests == nil { // Requests and Limits never return nil
			totals = podTotals{requests: podresources.Requests(pod), limits: podresources.Limits(pod)}
		}
		out = append(out, totals.check(pod, name, rule)...)
	}
	return out
}

// podBounded reports whether the requirement bounds the pod's total (podBounds judges
// nothing otherwise).
func (q Requirement) podBounded() bool { return q.PodMin != nil || q.PodMax != nil }

// containerCheck judges one resource of one container of a defaulted pod, whose
// pod-level request and limit of the resource (zero when unset) are podRequest and
// podLimit. The container is the index-th of the list at path list.
type containerCheck struct {
	c                    *corev1.Container
	list                 *field.Path
	index                int
	name                 corev1.ResourceName
	podRequest, podLimit resource.Quantity
}

// newContainerCheck judges resource name of c, the index-th container of the list at
// path list, in a pod with the pod-level resources pod.
func newContainerCheck(pod *corev1.ResourceRequirements, c *corev1.Container, list *field.Path, index int, name corev1.ResourceName) containerCheck {
	return containerCheck{c: c, list: list, index: index, name: name, podRequest: pod.Requests[name], podLimit: pod.Limits[name]}
}

// pathOf is the path of the resource in the container's requests or limits (list), built
// only for a violation: most pods break no rule.
func (k containerCheck) pathOf(list string) *field.Path {
	return k.list.Index(k.index).Child("resources", list).Key(string(k.name))
}

func (k containerCheck) run(rule ResourceRule) []Violation {
	var out []Violation
	out = append(out, k.required(rule.Requests, k.c.Resources.Requests, k.podRequest, "requests", RuleRequestsRequired)...)
	out = append(out, k.required(rule.Limits, k.c.Resources.Limits, k.podLimit, "limits", RuleLimitsRequired)...)
	out = append(out, k.bounds(rule.Requests, k.c.Resources.Requests, "requests", "request")...)
	out = append(out, k.bounds(rule.Limits, k.c.Resources.Limits, "limits", "limit")...)
	if rule.MaxLimitRequestRatio != nil {
		out = append(out, k.ratio(*rule.MaxLimitRequestRatio)...)
	}
	return out
}

// required: a positive value on the container, or the pod level covering it.
func (k containerCheck) required(req Requirement, own corev1.ResourceList, pod resource.Quantity, list string, rule Rule) []Violation {
	if !req.Required {
		return nil
	}
	if _, ok := positive(own, k.name); ok {
		return nil
	}
	if pod.Sign() > 0 {
		return nil
	}
	need := fmt.Sprintf("every container must request %s", k.name)
	noun := "request"
	if list == "limits" {
		need, noun = fmt.Sprintf("every container must set a limit for %s", k.name), "limit"
	}
	detail := "not set (" + need + ")"
	if q, set := own[k.name]; set {
		detail = fmt.Sprintf("a %s of %s does not count (%s)", noun, q.String(), need)
	}
	return violation(rule, field.Required(k.pathOf(list), detail))
}

// bounds: the container's value, when set, within [Min, Max].
func (k containerCheck) bounds(req Requirement, own corev1.ResourceList, list, noun string) []Violation {
	q, set := own[k.name]
	if !set {
		return nil
	}
	if req.Min != nil && podresources.Cmp(q, *req.Min) < 0 {
		return violation(RuleContainerMin, field.Invalid(k.pathOf(list), q.String(),
			fmt.Sprintf("%s %s is below the minimum %s", noun, q.String(), req.Min.String())))
	}
	if req.Max != nil && podresources.Cmp(q, *req.Max) > 0 {
		return violation(RuleContainerMax, field.Invalid(k.pathOf(list), q.String(),
			fmt.Sprintf("%s %s is above the maximum %s", noun, q.String(), req.Max.String())))
	}
	return nil
}

// ratio: limit <= max × request. A request with no limit (and no pod-level limit), or a
// limit over a zero request, is an unbounded ratio.
func (k containerCheck) ratio(max resource.Quantity) []Violation {
	request, hasRequest := positive(k.c.Resources.Requests, k.name)
	limit, hasLimit := positive(k.c.Resources.Limits, k.name)
	podLimit := k.podLimit.Sign() > 0
	switch {
	case hasRequest && hasLimit:
		if exceedsRatio(limit, request, max) {
			return violation(RuleLimitRequestRatio, field.Invalid(k.pathOf("limits"), limit.String(),
				fmt.Sprintf("limit %s is %s times the request %s, above the maximum ratio %s",
					limit.String(), formatRatio(limit, request), request.String(), max.String())))
		}
	case hasRequest && !podLimit:
		return violation(RuleLimitRequestRatio, field.Required(k.pathOf("limits"),
			fmt.Sprintf("no limit, so the limit/request ratio is unbounded (maximum %s)", max.String())))
	case hasLimit:
		return violation(RuleLimitRequestRatio, field.Invalid(k.pathOf("requests"), "0",
			fmt.Sprintf("request 0 under limit %s makes the limit/request ratio unbounded (maximum %s)", limit.String(), max.String())))
	}
	return nil
}

// podTotals are the pod's effective requests and limits, computed once per pod.
type podTotals struct {
	requests, limits corev1.ResourceList
}

// check bounds the pod's effective request and limit of name.
func (t podTotals) check(pod *corev1.Pod, name corev1.ResourceName, rule ResourceRule) []Violation {
	var out []Violation
	if total, set := t.requests[name]; set {
		out = append(out, podBounds(rule.Requests, total, name, "request")...)
	}
	if bounded(pod, name) {
		out = append(out, podBounds(rule.Limits, t.limits[name], name, "limit")...)
	}
	return out
}

func podBounds(req Requirement, total resource.Quantity, name corev1.ResourceName, noun string) []Violation {
	if req.PodMin != nil && podresources.Cmp(total, *req.PodMin) < 0 {
		return violation(RulePodMin, field.Invalid(specPath, total.String(),
			fmt.Sprintf("the pod's total %s %s %s is below the minimum %s", name, noun, total.String(), req.PodMin.String())))
	}
	if req.PodMax != nil && podresources.Cmp(total, *req.PodMax) > 0 {
		return violation(RulePodMax, field.Invalid(specPath, total.String(),
			fmt.Sprintf("the pod's total %s %s %s is above the maximum %s", name, noun, total.String(), req.PodMax.String())))
	}
	return nil
}

// bounded reports whether the pod's limit of name is finite: set at the pod level, or a
// positive limit on every container (one unlimited container can use the whole node).
func bounded(pod *corev1.Pod, name corev1.ResourceName) bool {
	if _, ok := positive(podLevel(pod).Limits, name); ok {
		return true
	}
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			if _, ok := positive(list[i].Resources.Limits, name); !ok {
				return false
			}
		}
	}
	return true
}

// podLevel returns the pod-level requirements, empty when unset.
func podLevel(pod *corev1.Pod) *corev1.ResourceRequirements {
	if pod.Spec.Resources == nil {
		return &corev1.ResourceRequirements{}
	}
	return pod.Spec.Resources
}

// positive returns list[name] when it is set and above zero.
func positive(list corev1.ResourceList, name corev1.ResourceName) (resource.Quantity, bool) {
	q, ok := list[name]
	return q, ok && q.Sign() > 0
}
