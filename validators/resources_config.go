package validators

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

// ResourceRule is what a profile demands of one resource.
type ResourceRule struct {
	// Requests are the rules on requests (after the apiserver's defaulting of a missing
	// request to its limit).
	Requests Requirement `json:"requests"`
	// Limits are the rules on limits.
	Limits Requirement `json:"limits"`
	// MaxLimitRequestRatio caps each container's limit divided by its request, as a
	// LimitRange's maxLimitRequestRatio does. A container that requests the resource
	// without a limit (nor a pod-level limit) has an unbounded ratio and violates it.
	// Only for resources Kubernetes lets burst (cpu, memory, ephemeral-storage).
	MaxLimitRequestRatio *resource.Quantity `json:"maxLimitRequestRatio,omitempty"`
}

// Requirement constrains requests or limits of one resource. The bounds check the values
// that are set; Required demands that they are. Containers the profile exempts skip the
// per-container checks, never the pod's.
type Requirement struct {
	// Required demands a positive value on every container (app, init and native sidecar;
	// ephemeral containers cannot set resources), unless the pod sets the resource at
	// the pod level (spec.resources), which then covers every container.
	Required bool `json:"required,omitempty"`
	// Min and Max bound each container's value.
	Min *resource.Quantity `json:"min,omitempty"`
	Max *resource.Quantity `json:"max,omitempty"`
	// PodMin and PodMax bound the pod's effective value as the scheduler counts it: the
	// app containers and native sidecars together or the largest init container step,
	// whichever is more; the pod-level value when set; RuntimeClass overhead excluded.
	// A pod's limit counts only when every container (or the pod level) sets one.
	PodMin *resource.Quantity `json:"podMin,omitempty"`
	PodMax *resource.Quantity `json:"podMax,omitempty"`
}

// Validate checks a rule for the resource name.
func (r *ResourceRule) Validate(path *field.Path, name corev1.ResourceName) field.ErrorList {
	errs := validateResourceName(path, name)
	errs = append(errs, r.Requests.Validate(path.Child("requests"))...)
	errs = append(errs, r.Limits.Validate(path.Child("limits"))...)
	if r.MaxLimitRequestRatio != nil {
		rp := path.Child("maxLimitRequestRatio")
		switch {
		case !podresources.IsOvercommittable(name):
			errs = append(errs, field.Forbidden(rp, fmt.Sprintf("Kubernetes requires the request of %s to equal its limit", name)))
		case !podresources.InRange(*r.MaxLimitRequestRatio):
			errs = append(errs, field.Invalid(rp, r.MaxLimitRequestRatio.String(), "is "+podresources.OutOfRangeDetail))
		case podresources.Cmp(*r.MaxLimitRequestRatio, resource.MustParse("1")) < 0:
			errs = append(errs, field.Invalid(rp, r.MaxLimitRequestRatio.String(), "must be at least 1: a limit is never below its request"))
		}
	}
	return errs
}

// Validate checks the bounds: non-negative, in range (podresources.InRange), min not
// above max.
func (q *Requirement) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, b := range []struct {
		name string
		q    *resource.Quantity
	}{{"min", q.Min}, {"max", q.Max}, {"podMin", q.PodMin}, {"podMax", q.PodMax}} {
		switch {
		case b.q == nil:
		case b.q.Sign() < 0:
			errs = append(errs, field.Invalid(path.Child(b.name), b.q.String(), "must not be negative"))
		case !podresources.InRange(*b.q):
			errs = append(errs, field.Invalid(path.Child(b.name), b.q.String(), "is "+podresources.OutOfRangeDetail))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if q.Min != nil && q.Max != nil && podresources.Cmp(*q.Min, *q.Max) > 0 {
		errs = append(errs, field.Invalid(path.Child("min"), q.Min.String(), "must not be above max "+q.Max.String()))
	}
	if q.PodMin != nil && q.PodMax != nil && podresources.Cmp(*q.PodMin, *q.PodMax) > 0 {
		errs = append(errs, field.Invalid(path.Child("podMin"), q.PodMin.String(), "must not be above podMax "+q.PodMax.String()))
	}
	return errs
}

// standardResources are the unprefixed resource names a container may set, besides
// hugepages-<size>.
var standardResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage}

// validateResourceName accepts the names a container can request: cpu, memory,
// ephemeral-storage, hugepages-<size>, or an extended resource (domain-qualified, outside
// kubernetes.io), so a typo such as "mem" is caught at load time rather than never matching.
func validateResourceName(path *field.Path, name corev1.ResourceName) field.ErrorList {
	s := string(name)
	switch {
	case slices.Contains(standardResources, name):
		return nil
	case podresources.IsHugePages(name):
		size := strings.TrimPrefix(s, corev1.ResourceHugePagesPrefix)
		if err := podresources.CheckQuantityText(size); err != nil { // before ParseQuantity sees it
			return field.ErrorList{field.Invalid(path, s, "hugepages-<size>: "+err.Error())}
		}
		if _, err := resource.ParseQuantity(size); err != nil {
			return field.ErrorList{field.Invalid(path, s, "hugepages-<size> needs a page size such as 2Mi")}
		}
		return nil
	case !strings.Contains(s, "/"), strings.Contains(s, corev1.ResourceDefaultNamespacePrefix):
		return field.ErrorList{field.NotSupported(path, s, []string{"cpu", "memory", "ephemeral-storage", "hugepages-<size>", "<domain>/<extended-resource>"})}
	}
	var errs field.ErrorList
	for _, msg := range validation.IsQualifiedName(s) {
		errs = append(errs, field.Invalid(path, s, msg))
	}
	return errs
}

// sortedResourceNames returns the rule names in order, so violations and config errors
// come out stably.
func sortedResourceNames(m map[corev1.ResourceName]ResourceRule) []corev1.ResourceName {
	names := make([]corev1.ResourceName, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
