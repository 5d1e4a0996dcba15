package limitrange

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// defaultOf is the ranges' default of resource name in the list of item that of
// returns (a range's later Container item wins over an earlier one, the first range
// to default it over the next ones: LimitRanger fills what a container lacks, range
// after range).
func (r Ranges) defaultOf(of func(*corev1.LimitRangeItem) corev1.ResourceList, name corev1.ResourceName) (q resource.Quantity, ok bool) {
	for _, lr := range r {
		for i := len(lr.Spec.Limits) - 1; i >= 0; i-- { // the last item of a range wins
			if item := &lr.Spec.Limits[i]; item.Type == corev1.LimitTypeContainer {
				if q, ok = of(item)[name]; ok {
					return q, true
				}
			}
		}
	}
	return q, false
}

func defaultLimits(item *corev1.LimitRangeItem) corev1.ResourceList   { return item.Default }
func defaultRequests(item *corev1.LimitRangeItem) corev1.ResourceList { return item.DefaultRequest }

// lacksDefault reports whether list lacks a resource the ranges default in of's lists.
func (r Ranges) lacksDefault(list corev1.ResourceList, of func(*corev1.LimitRangeItem) corev1.ResourceList) bool {
	for _, lr := range r {
		for i := range lr.Spec.Limits {
			if item := &lr.Spec.Limits[i]; item.Type == corev1.LimitTypeContainer && missing(list, of(item)) {
				return true
			}
		}
	}
	return false
}

// fillDefaults gives list every resource the ranges default in of's lists that it lacks.
func (r Ranges) fillDefaults(list corev1.ResourceList, of func(*corev1.LimitRangeItem) corev1.ResourceList) corev1.ResourceList {
	for _, lr := range r {
		for i := range lr.Spec.Limits {
			item := &lr.Spec.Limits[i]
			if item.Type != corev1.LimitTypeContainer {
				continue
			}
			for name := range of(item) {
				if _, ok := list[name]; ok {
					continue
				}
				q, _ := r.defaultOf(of, name)
				if list == nil {
					list = corev1.ResourceList{}
				}
				list[name] = q.DeepCopy()
			}
		}
	}
	return list
}

// Default returns res as the API server stores it in a namespace with the ranges: every
// limit without a request gets that limit as request (the Pod defaulting, which runs
// first), then every resource the defaults name and res lacks gets the default limit or
// request. changed is false (and res returned as it is) when nothing is added; otherwise
// the result has new lists, and res's are never written (they may be the config's).
func (r Ranges) Default(res corev1.ResourceRequirements) (out corev1.ResourceRequirements, changed bool) {
	if !missing(res.Requests, res.Limits) && !r.lacksDefault(res.Limits, defaultLimits) && !r.lacksDefault(res.Requests, defaultRequests) {
		return res, false
	}
	if !r.lacksDefault(nil, defaultLimits) && !r.lacksDefault(nil, defaultRequests) {
		return res, false // no default at all: LimitRanger leaves the container as it is
	}
	out = *res.DeepCopy()
	out.Requests = fillFrom(out.Requests, out.Limits)
	out.Limits = r.fillDefaults(out.Limits, defaultLimits)
	out.Requests = r.fillDefaults(out.Requests, defaultRequests)
	return out, true
}

// DefaultPod returns pod as LimitRanger leaves it (Default on every container and init
// container; ephemeral containers are never defaulted): pod itself when nothing
// changes, else a copy sharing everything but the container lists it owns. pod is
// never written.
func (r Ranges) DefaultPod(pod *corev1.Pod) *corev1.Pod {
	inits, initsChanged := r.defaultList(pod.Spec.InitContainers)
	apps, appsChanged := r.defaultList(pod.Spec.Containers)
	if !initsChanged && !appsChanged {
		return pod
	}
	out := *pod
	out.Spec.InitContainers, out.Spec.Containers = inits, apps
	return &out
}

// defaultList returns list with every container defaulted: list itself when nothing
// changes, else a copy.
func (r Ranges) defaultList(list []corev1.Container) ([]corev1.Container, bool) {
	var out []corev1.Container
	for i := range list {
		res, changed := r.Default(list[i].Resources)
		if !changed {
			continue
		}
		if out == nil {
			out = slices.Clone(list)
		}
		out[i].Resources = res
	}
	if out == nil {
		return list, false
	}
	return out, true
}
