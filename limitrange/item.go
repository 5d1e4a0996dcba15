package limitrange

import corev1 "k8s.io/api/core/v1"

// withItemDefaults is lr with the LimitRange API's defaulting of its Container items
// (a max is the default limit when none is given, the default limit the default
// request, else the min): lr itself when nothing is missing, else a copy.
func withItemDefaults(lr *corev1.LimitRange) *corev1.LimitRange {
	if !lacksDefaults(lr) {
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
