package podresources

import (
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// CheckQuantities returns one error per out-of-range quantity anywhere in pod: the
// requests and limits of every container, init and ephemeral container, the pod-level
// resources and the overhead. Admission refuses such a pod before judging it.
func CheckQuantities(pod *corev1.Pod) field.ErrorList {
	if allInRange(pod) { // every request of every pod: no paths, no sorting, no allocation
		return nil
	}
	var errs field.ErrorList
	spec := field.NewPath("spec")
	for _, cl := range []struct {
		path *field.Path
		list []corev1.Container
	}{{spec.Child("containers"), pod.Spec.Containers}, {spec.Child("initContainers"), pod.Spec.InitContainers}} {
		for i := range cl.list {
			errs = append(errs, checkRequirements(&cl.list[i].Resources, cl.path.Index(i).Child("resources"))...)
		}
	}
	for i := range pod.Spec.EphemeralContainers {
		path := spec.Child("ephemeralContainers").Index(i).Child("resources")
		errs = append(errs, checkRequirements(&pod.Spec.EphemeralContainers[i].Resources, path)...)
	}
	if pod.Spec.Resources != nil {
		errs = append(errs, checkRequirements(pod.Spec.Resources, spec.Child("resources"))...)
	}
	return append(errs, CheckList(pod.Spec.Overhead, spec.Child("overhead"))...)
}

func checkRequirements(r *corev1.ResourceRequirements, path *field.Path) field.ErrorList {
	return append(CheckList(r.Requests, path.Child("requests")), CheckList(r.Limits, path.Child("limits"))...)
}

// CheckList returns one error per out-of-range quantity of list, in name order.
func CheckList(list corev1.ResourceList, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make([]string, 0, len(list))
	for name := range list {
		names = append(names, string(name))
	}
	sort.Strings(names)
	for _, name := range names {
		if q := list[corev1.ResourceName(name)]; !InRange(q) {
			errs = append(errs, field.Invalid(path.Key(name), q.String(), q.String()+" is "+OutOfRangeDetail))
		}
	}
	return errs
}

// allInRange reports whether every quantity CheckQuantities looks at is in range.
func allInRange(pod *corev1.Pod) bool {
	spec := &pod.Spec
	for i := range spec.Containers {
		if !requirementsInRange(&spec.Containers[i].Resources) {
			return false
		}
	}
	for i := range spec.InitContainers {
		if !requirementsInRange(&spec.InitContainers[i].Resources) {
			return false
		}
	}
	for i := range spec.EphemeralContainers {
		if !requirementsInRange(&spec.EphemeralContainers[i].Resources) {
			return false
		}
	}
	return (spec.Resources == nil || requirementsInRange(spec.Resources)) && listInRange(spec.Overhead)
}

func requirementsInRange(r *corev1.ResourceRequirements) bool {
	return listInRange(r.Requests) && listInRange(r.Limits)
}

func listInRange(list corev1.ResourceList) bool {
	for _, q := range list {
		if !InRange(q) {
			return false
		}
	}
	return true
}
