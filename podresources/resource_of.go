package podresources

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Resource is one resource of Defaulted(pod): its effective request and limit (the
// entries of Requests and Limits) and its defaulted pod-level request and limit (the
// entries of spec.resources). Has* say whether each entry exists; a missing one is zero.
type Resource struct {
	Request, Limit, PodRequest, PodLimit             resource.Quantity
	HasRequest, HasLimit, HasPodRequest, HasPodLimit bool
}

// ResourceOf computes resource name of the Defaulted pod with w's extra container,
// without copying or defaulting anything: defaulting and the totals treat each resource
// on its own, with the same sums in the same order as Defaulted, Requests and Limits,
// so the values (and their formats) are theirs.
func ResourceOf(w With, name corev1.ResourceName) Resource {
	req, hasReq := aggregateOne(w, name, effectiveRequest)
	lim, hasLim := aggregateOne(w, name, limitOf)
	r := Resource{Request: req, HasRequest: hasReq, Limit: lim, HasLimit: hasLim}
	defaultPodLevelOf(w, name, &r)
	if r.HasPodRequest && IsPodLevelResource(name) {
		r.Request, r.HasRequest = r.PodRequest, true
	}
	if r.HasPodLimit && IsPodLevelResource(name) {
		r.Limit, r.HasLimit = r.PodLimit, true
	}
	return r
}

// effectiveRequest is c's request of name after defaulting: its request, else its limit.
func effectiveRequest(c *corev1.Container, name corev1.ResourceName) (resource.Quantity, bool) {
	if q, ok := c.Resources.Requests[name]; ok {
		return q, true
	}
	q, ok := c.Resources.Limits[name]
	return q, ok
}

func limitOf(c *corev1.Container, name corev1.ResourceName) (resource.Quantity, bool) {
	q, ok := c.Resources.Limits[name]
	return q, ok
}

// defaultPodLevelOf sets r's pod-level entries: spec.resources' own, defaulted as
// defaultPodLevel does (huge page limit, then request, then limit) from the container
// totals already in r.
func defaultPodLevelOf(w With, name corev1.ResourceName, r *Resource) {
	pr := w.Pod.Spec.Resources
	if pr == nil {
		return
	}
	r.PodRequest, r.HasPodRequest = pr.Requests[name]
	r.PodLimit, r.HasPodLimit = pr.Limits[name]
	if len(pr.Requests) == 0 && len(pr.Limits) == 0 {
		return
	}
	level := IsPodLevelResource(name)
	if IsHugePages(name) && r.HasLimit && !r.HasPodRequest && !r.HasPodLimit {
		r.PodLimit, r.HasPodLimit = r.Limit, true
	}
	if r.HasRequest && !r.HasPodRequest && level && IsOvercommittable(name) {
		r.PodRequest, r.HasPodRequest = r.Request, true
	}
	if r.HasPodLimit && !r.HasPodRequest && level {
		r.PodRequest, r.HasPodRequest = r.PodLimit, true
	}
	if r.HasPodRequest && !r.HasPodLimit && level && limitedByEvery(w, name) && r.HasLimit {
		r.PodLimit, r.HasPodLimit = r.Limit, true
		if Cmp(r.PodRequest, r.Limit) > 0 {
			r.PodLimit = r.PodRequest
		}
	}
}

// limitedByEvery is LimitedByEveryContainer of the pod with w's extra container.
func limitedByEvery(w With, name corev1.ResourceName) bool {
	for _, init := range []bool{true, false} {
		for i := range w.Len(init) {
			if _, ok := w.Container(init, i).Resources.Limits[name]; !ok {
				return false
			}
		}
	}
	return true
}
