package limitrange

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// Getter lists the LimitRanges of a namespace: the server's informer cache (no API call
// on the request path), the CLI's --from-cluster view, or a fixed set in tests.
type Getter interface {
	LimitRanges(namespace string) ([]*corev1.LimitRange, error)
}

// Static is a Getter over a fixed set of LimitRanges, by their namespace.
type Static []*corev1.LimitRange

var _ Getter = Static(nil)

// LimitRanges returns the ranges of namespace.
func (s Static) LimitRanges(namespace string) ([]*corev1.LimitRange, error) {
	var out []*corev1.LimitRange
	for _, lr := range s {
		if lr.Namespace == namespace {
			out = append(out, lr)
		}
	}
	return out, nil
}

// Ranges are one namespace's LimitRanges in the order they apply: by name. (LimitRanger
// walks its informer's list, whose order is not specified; two ranges that default the
// same resource differently are ambiguous in the API server, and podpatterns takes the
// first by name.)
type Ranges []*corev1.LimitRange

// Of returns namespace's ranges from g, sorted, each with the LimitRange API's own
// defaulting applied (objects read from the API have it already; files may not). A nil
// g, or an error, is no range: podpatterns never fails a pod on a cache it cannot read.
func Of(g Getter, namespace string) Ranges {
	if g == nil {
		return nil
	}
	list, err := g.LimitRanges(namespace)
	if err != nil || len(list) == 0 {
		return nil
	}
	if slices.IsSortedFunc(list, byName) && !slices.ContainsFunc(list, lacksDefaults) {
		return list // as the API stores them, in order: nothing to copy
	}
	out := make(Ranges, len(list))
	for i, lr := range list {
		out[i] = withItemDefaults(lr)
	}
	slices.SortStableFunc(out, byName)
	return out
}

func byName(a, b *corev1.LimitRange) int { return strings.Compare(a.Name, b.Name) }

// lacksDefaults reports whether withItemDefaults would copy lr.
func lacksDefaults(lr *corev1.LimitRange) bool {
	return slices.ContainsFunc(lr.Spec.Limits, lacksItemDefaults)
}
