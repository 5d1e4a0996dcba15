package limitrange

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// ContainerProblem says why the API server would reject a pod for container c, as the
// pod stores it (Default applied): a request above its own limit (the Pod validation),
// or a Container-type min, max or maxLimitRequestRatio of a range (LimitRanger's
// validation). "" when neither would.
func (r Ranges) ContainerProblem(c *corev1.Container) string {
	c = podresources.DefaultedContainer(c)
	var out []string
	for name, request := range c.Resources.Requests {
		if limit, ok := c.Resources.Limits[name]; ok && podresources.Cmp(request, limit) > 0 {
			out = append(out, fmt.Sprintf("its %s request %s would exceed its limit %s", name, request.String(), limit.String()))
		}
	}
	slices.Sort(out) // in resource order: each message starts with "its <resource> "
	for _, lr := range r {
		for i := range lr.Spec.Limits {
			item := &lr.Spec.Limits[i]
			if item.Type != corev1.LimitTypeContainer {
				continue
			}
			var buf [8]corev1.ResourceName
			for _, name := range boundNames(buf[:0], item) {
				o := observed{}
				o.request, o.hasRequest = c.Resources.Requests[name]
				o.limit, o.hasLimit = c.Resources.Limits[name]
				out = append(out, named(lr, itemProblems(item, name, o))...)
			}
		}
	}
	return strings.Join(out, "; ")
}

// PodProblem says why the API server would reject the pod with w's extra container for
// a Pod-type bound of a range that the pod without it meets ("" when none): the
// injection, not the pod, would be the cause.
func (r Ranges) PodProblem(w podresources.With) string {
	var out []string
	for _, lr := range r {
		for i := range lr.Spec.Limits {
			item := &lr.Spec.Limits[i]
			if item.Type != corev1.LimitTypePod {
				continue
			}
			var buf [8]corev1.ResourceName
			for _, name := range boundNames(buf[:0], item) {
				if len(itemProblems(item, name, podObserved(w.Without(), name))) > 0 {
					continue // the pod breaks it already: rejected with or without podpatterns
				}
				out = append(out, named(lr, boundsOnly(itemProblems(item, name, podObserved(w, name))))...)
			}
		}
	}
	return strings.Join(out, "; ")
}

// podObserved is the pod's effective request and limit of name as LimitRanger totals
// them: containers and native sidecars add up, an init container counts alone with the
// sidecars before it, and pod-level cpu and memory win (only those two: LimitRanger's
// list of pod-level resources is shorter than the scheduler's).
func podObserved(w podresources.With, name corev1.ResourceName) observed {
	if name != corev1.ResourceCPU && name != corev1.ResourceMemory && w.Pod.Spec.Resources != nil {
		pod := *w.Pod
		pod.Spec.Resources = nil
		w.Pod = &pod
	}
	res := podresources.ResourceOf(w, name)
	return observed{request: res.Request, hasRequest: res.HasRequest, limit: res.Limit, hasLimit: res.HasLimit}
}

// boundNames appends the resources item bounds to dst[:0], sorted, once each (callers
// pass a small array: no allocation for a few resources).
func boundNames(dst []corev1.ResourceName, item *corev1.LimitRangeItem) []corev1.ResourceName {
	for _, list := range []corev1.ResourceList{item.Min, item.Max, item.MaxLimitRequestRatio} {
		for name := range list {
			if !slices.Contains(dst, name) {
				dst = append(dst, name)
			}
		}
	}
	slices.Sort(dst)
	return dst
}

// boundsOnly keeps of each pod problem the bound it breaks, not the pod's total: the
// total depends on what else was injected, and a reinvocation (the other containers
// already in) must report the skip in the same words.
func boundsOnly(problems []string) []string {
	for i, p := range problems {
		bound, _, _ := strings.Cut(p, ", but ")
		problems[i] = bound + ", which the pod's containers would break with it"
	}
	return problems
}

// named prefixes each problem with its LimitRange.
func named(lr *corev1.LimitRange, problems []string) []string {
	for i, p := range problems {
		problems[i] = fmt.Sprintf("LimitRange %s: %s", lr.Name, p)
	}
	return problems
}
