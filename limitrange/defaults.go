package limitrange

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// withItemDefaults is lr with the LimitRange API's defaulting of its Container items
// (a max is the default limit when none is given, the default limit the default
// request, else the min): lr itself when nothing is missing, else a copy.
func withItemDefaults(lr *corev1.LimitRange) *corev1.LimitRange {
	if !slices.ContainsFunc(lr.Spec.Limits, lacksItemDefaults) {
		return lr
	}
	out := lr.DeepCopy()
	for i := range out.Spec.Limits {
		if item := &out.Spec.Limits[i]; item.Type == corev1.LimitTypeContainer {
			item.Default = fillFrom(item.Default, item.Max)
			item.DefaultRequest = fillFrom(fillFrom(item.DefaultRequest, item.Default), item.Min)
		}
	}
	return out
}

// lacksItemDefaults reports whether withItemDefaults would add anything to item.
func lacksItemDefaults(item corev1.LimitRangeItem) bool {
	if item.Type != corev1.LimitTypeContainer {
		return false
	}
	return missing(item.Default, item.Max) || missing(item.DefaultRequest, item.Default) || missing(item.DefaultRequest, item.Min)
}

// missing reports whether from names a resource list lacks.
func missing(list, from corev1.ResourceList) bool {
	for name := range from {
		if _, ok := list[name]; !ok {
			return true
		}
	}
	return false
}

// fillFrom returns list with every resource of from it lacks (list is written: the
// callers own it or it is nil).
func fillFrom(list, from corev1.ResourceList) corev1.ResourceList {
	for name, q := range from {
		if _, ok := list[name]; !ok {
			if list == nil {
				list = corev1.ResourceList{}
			}
			list[name] = q.DeepCopy()
		}
	}
	return list
}

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
