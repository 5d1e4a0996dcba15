// Package qos computes a pod's Quality of Service class the way Kubernetes does
// (pkg/apis/core/v1/helper/qos ComputePodQOS), so the mutators can refuse an injection
// that would downgrade a Guaranteed pod and the validators can enforce a profile's class,
// with one implementation and without importing each other.
package qos

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// computeResources are the only resources that decide the QoS class.
var computeResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

// ClassOf returns the QoS class the apiserver assigns to pod:
//
//   - with pod-level resources (spec.resources naming cpu or memory), from them alone;
//   - otherwise from every container and init container (native sidecars included;
//     ephemeral containers never count);
//   - BestEffort when no cpu/memory request or limit is set anywhere; Guaranteed when
//     every counted container (or the pod level) has positive cpu and memory limits and
//     the summed requests equal the summed limits; Burstable otherwise.
//
// The apiserver defaults a missing request to its limit before admission webhooks run;
// ClassOf applies the same defaulting, so it gives the same answer for a pod read from a
// file (`podpatterns inject`) as for one in an AdmissionReview. pod.Status.QOSClass is
// ignored: at admission it is not set yet, and the spec is what is being decided on.
func ClassOf(pod *corev1.Pod) corev1.PodQOSClass {
	if podLevelSet(pod.Spec.Resources) {
		return classOf([]*corev1.ResourceRequirements{pod.Spec.Resources})
	}
	all := make([]*corev1.ResourceRequirements, 0, len(pod.Spec.Containers)+len(pod.Spec.InitContainers))
	for i := range pod.Spec.Containers {
		all = append(all, &pod.Spec.Containers[i].Resources)
	}
	for i := range pod.Spec.InitContainers {
		all = append(all, &pod.Spec.InitContainers[i].Resources)
	}
	return classOf(all)
}

// podLevelSet reports whether pod-level resources decide the class: they name cpu or
// memory in requests or limits.
func podLevelSet(r *corev1.ResourceRequirements) bool {
	if r == nil {
		return false
	}
	for _, name := range computeResources {
		if _, ok := r.Requests[name]; ok {
			return true
		}
		if _, ok := r.Limits[name]; ok {
			return true
		}
	}
	return false
}

// classOf sums positive cpu/memory requests and limits over all and classifies the sums.
func classOf(all []*corev1.ResourceRequirements) corev1.PodQOSClass {
	requests, limits := totals{}, totals{}
	everyLimitSet := true
	for _, r := range all {
		for _, name := range computeResources {
			limit, hasLimit := positive(r.Limits, name)
			request, hasRequest := positive(r.Requests, name)
			if _, explicit := r.Requests[name]; !explicit && hasLimit {
				request, hasRequest = limit, true // the apiserver's defaulting
			}
			if hasRequest {
				requests.add(name, request)
			}
			if hasLimit {
				limits.add(name, limit)
			} else {
				everyLimitSet = false
			}
		}
	}
	switch {
	case len(requests) == 0 && len(limits) == 0:
		return corev1.PodQOSBestEffort
	case everyLimitSet && requests.equal(limits):
		return corev1.PodQOSGuaranteed
	}
	return corev1.PodQOSBurstable
}

// positive returns list[name] when it is set and greater than zero; zero quantities count
// as unset, as upstream.
func positive(list corev1.ResourceList, name corev1.ResourceName) (resource.Quantity, bool) {
	q, ok := list[name]
	if !ok || q.Sign() <= 0 {
		return resource.Quantity{}, false
	}
	return q, true
}

// totals sums quantities per resource.
type totals map[corev1.ResourceName]resource.Quantity

func (t totals) add(name corev1.ResourceName, q resource.Quantity) {
	sum := t[name]
	sum.Add(q)
	t[name] = sum
}

func (t totals) equal(o totals) bool {
	if len(t) != len(o) {
		return false
	}
	for name, q := range t {
		oq, ok := o[name]
		if !ok || q.Cmp(oq) != 0 {
			return false
		}
	}
	return true
}
