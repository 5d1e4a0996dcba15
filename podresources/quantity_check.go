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
