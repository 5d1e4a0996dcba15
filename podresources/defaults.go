package podresources

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Defaulted returns a copy of pod with the apiserver's resource defaulting applied, so a
// pod read from a file, one seen by a mutating webhook and one seen by a validating
// webhook are judged alike. pod itself is never changed. Defaulting twice changes
// nothing: every step only fills what is missing.
//
// The copy owns its container lists and every resources field (container and pod
// level); everything else (metadata, volumes, env, ...) is shared with pod, so the copy
// is for reading. A whole-pod deep copy was a quarter of the all-six /mutate path: the
// breaks-profile check defaults the pod twice per injected template.
//
//  1. Container and init container requests default to their limits (SetDefaults_Pod).
//  2. When spec.resources sets anything, pod-level huge page limits default to the
//     containers' total limit, pod-level requests to the containers' total request
//     (cpu and memory) or else to the pod-level limit, and a pod-level limit that every
//     container bounds defaults to the larger of the pod-level request and the
//     containers' total limit (PrepareForCreate, PodLevelResourcesFixDefaulting).
func Defaulted(pod *corev1.Pod) *corev1.Pod {
	out := &corev1.Pod{TypeMeta: pod.TypeMeta, ObjectMeta: pod.ObjectMeta, Spec: pod.Spec, Status: pod.Status}
	out.Spec.InitContainers = withOwnResources(pod.Spec.InitContainers)
	out.Spec.Containers = withOwnResources(pod.Spec.Containers)
	out.Spec.Resources = pod.Spec.Resources.DeepCopy()
	for i := range out.Spec.InitContainers {
		defaultRequestsToLimits(&out.Spec.InitContainers[i].Resources)
	}
	for i := range out.Spec.Containers {
		defaultRequestsToLimits(&out.Spec.Containers[i].Resources)
	}
	defaultPodLevel(out)
	return out
}

// withOwnResources is a copy of list whose containers' resources are their own.
func withOwnResources(list []corev1.Container) []corev1.Container {
	if list == nil {
		return nil
	}
	out := slices.Clone(list)
	for i := range out {
		list[i].Resources.DeepCopyInto(&out[i].Resources)
	}
	return out
}

// defaultRequestsToLimits gives every limit without a request a request equal to it.
func defaultRequestsToLimits(r *corev1.ResourceRequirements) {
	if r.Limits == nil {
		return
	}
	if r.Requests == nil {
		r.Requests = corev1.ResourceList{}
	}
	for name, limit := range r.Limits {
		if _, ok := r.Requests[name]; !ok {
			r.Requests[name] = limit.DeepCopy()
		}
	}
}

// defaultPodLevel fills in pod-level requests and limits from the containers, in the
// apiserver's order: huge page limits, then requests, then limits.
func defaultPodLevel(pod *corev1.Pod) {
	r := pod.Spec.Resources
	if r == nil || (len(r.Requests) == 0 && len(r.Limits) == 0) {
		return
	}
	defaultPodHugePageLimits(pod)
	defaultPodRequests(pod)
	defaultPodLimits(pod)
}

// defaultPodHugePageLimits: a huge page size the containers limit, with neither a
// pod-level request nor limit, gets the containers' total limit.
func defaultPodHugePageLimits(pod *corev1.Pod) {
	r := pod.Spec.Resources
	for name, total := range AggregateContainers(pod, limitsOf) {
		if !IsHugePages(name) {
			continue
		}
		if _, ok := r.Requests[name]; ok {
			continue
		}
		if _, ok := r.Limits[name]; !ok {
			setQuantity(&r.Limits, name, total)
		}
	}
}

// defaultPodRequests: an overcommittable pod-level resource the containers request gets
// their total request; any other pod-level limit without a request gets its limit.
func defaultPodRequests(pod *corev1.Pod) {
	r := pod.Spec.Resources
	for name, total := range AggregateContainers(pod, requestsOf) {
		if _, ok := r.Requests[name]; !ok && IsPodLevelResource(name) && IsOvercommittable(name) {
			setQuantity(&r.Requests, name, total)
		}
	}
	for name, limit := range r.Limits {
		if _, ok := r.Requests[name]; !ok && IsPodLevelResource(name) {
			setQuantity(&r.Requests, name, limit)
		}
	}
}

// defaultPodLimits: a pod-level request without a pod-level limit gets a limit when every
// container limits that resource: the larger of the request and the containers' total
// limit (so the pod stays valid, request <= limit).
func defaultPodLimits(pod *corev1.Pod) {
	r := pod.Spec.Resources
	var totals corev1.ResourceList
	for name, request := range r.Requests {
		if _, ok := r.Limits[name]; ok || !IsPodLevelResource(name) || !LimitedByEveryContainer(pod, name) {
			continue
		}
		if totals == nil {
			totals = AggregateContainers(pod, limitsOf)
		}
		limit, ok := totals[name]
		if !ok {
			continue
		}
		if Cmp(request, limit) > 0 {
			limit = request
		}
		setQuantity(&r.Limits, name, limit)
	}
}

// setQuantity sets (*list)[name], creating the list when it is nil.
func setQuantity(list *corev1.ResourceList, name corev1.ResourceName, q resource.Quantity) {
	if *list == nil {
		*list = corev1.ResourceList{}
	}
	(*list)[name] = q.DeepCopy()
}

// DefaultedContainer is c as Defaulted leaves it (requests defaulted to limits): c itself
// when every limit has its request, else a copy that owns its resources.
func DefaultedContainer(c *corev1.Container) *corev1.Container {
	for name := range c.Resources.Limits {
		if _, ok := c.Resources.Requests[name]; !ok {
			out := *c
			c.Resources.DeepCopyInto(&out.Resources)
			defaultRequestsToLimits(&out.Resources)
			return &out
		}
	}
	return c
}
