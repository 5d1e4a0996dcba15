package limitrange

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// Defaults are the container defaults of the ranges: a later Container item of one
// range replaces an earlier one's value, and the first range to default a resource wins
// over the next ones (LimitRanger fills what a container lacks, range after range).
func (r Ranges) Defaults() (requests, limits corev1.ResourceList) {
	for i := len(r) - 1; i >= 0; i-- { // the first range last: its values win
		for _, item := range r[i].Spec.Limits {
			if item.Type != corev1.LimitTypeContainer {
				continue
			}
			requests = overwrite(requests, item.DefaultRequest)
			limits = overwrite(limits, item.Default)
		}
	}
	return requests, limits
}

// overwrite sets every resource of from in list.
func overwrite(list, from corev1.ResourceList) corev1.ResourceList {
	for name, q := range from {
		if list == nil {
			list = corev1.ResourceList{}
		}
		list[name] = q.DeepCopy()
	}
	return list
}

// Default returns res as the API server stores it in a namespace with the ranges: every
// limit without a request gets that limit as request (the Pod defaulting, which runs
// first), then every resource the defaults name and res lacks gets the default limit or
// request. changed is false (and res returned as it is) when nothing is added; otherwise
// the result has new lists, and res's are never written (they may be the config's).
func (r Ranges) Default(res corev1.ResourceRequirements) (out corev1.ResourceRequirements, changed bool) {
	requests, limits := r.Defaults()
	if len(requests) == 0 && len(limits) == 0 {
		return res, false
	}
	fromLimits := missing(res.Requests, res.Limits)
	if !fromLimits && !missing(res.Limits, limits) && !missing(res.Requests, requests) {
		return res, false
	}
	out = *res.DeepCopy()
	out.Requests = fillFrom(out.Requests, out.Limits)
	out.Limits = fillFrom(out.Limits, limits)
	out.Requests = fillFrom(out.Requests, requests)
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
