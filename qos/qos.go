// Package qos computes a pod's Quality of Service class the way Kubernetes does
// (pkg/apis/core/v1/helper/qos ComputePodQOS, 1.37 with its default feature gates), so the
// mutators can refuse an injection that would downgrade a Guaranteed pod and the
// validators can enforce a profile's class, with one implementation and without importing
// each other.
package qos

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// computeResources are the only resources that decide the QoS class.
var computeResources = []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory}

// ClassOf returns the QoS class the apiserver assigns to pod:
//
//   - with pod-level resources (spec.resources naming cpu, memory or huge pages), from
//     them alone, after the apiserver's pod-level defaulting (which fills pod-level cpu
//     and memory from the containers);
//   - otherwise container by container, init containers and native sidecars included
//     (ephemeral containers never count): a container is Guaranteed when its cpu and
//     memory requests equal their positive limits, BestEffort when it sets neither, and
//     Burstable otherwise; the pod is Guaranteed or BestEffort when every container is,
//     Burstable otherwise.
//
// The apiserver defaults missing requests to limits (and pod-level values) before it
// computes the class; ClassOf applies the same defaulting, so it gives the same answer
// for a pod read from a file (`podpatterns inject`), in a mutating and in a validating
// AdmissionReview. pod.Status.QOSClass is ignored: the spec is what is being decided on.
// pod is never changed.
func ClassOf(pod *corev1.Pod) corev1.PodQOSClass {
	if podresources.PodLevelSet(pod) {
		defaulted := podresources.Defaulted(pod)
		return requirementsClass(defaulted.Spec.Resources)
	}
	class := corev1.PodQOSClass("")
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			c := requirementsClass(defaultedRequirements(&list[i].Resources))
			switch {
			case c == corev1.PodQOSBurstable:
				return c
			case class == "":
				class = c
			case class != c: // Guaranteed next to BestEffort
				return corev1.PodQOSBurstable
			}
		}
	}
	if class == "" { // no containers at all: the apiserver rejects such a pod
		return corev1.PodQOSBestEffort
	}
	return class
}

// requirementsClass classifies one set of requirements by cpu and memory: BestEffort when
// both are unset (or zero), Guaranteed when both requests equal their positive limits,
// Burstable for anything in between.
func requirementsClass(r *corev1.ResourceRequirements) corev1.PodQOSClass {
	class := corev1.PodQOSClass("")
	for _, name := range computeResources {
		c := resourceClass(r, name)
		switch {
		case c == corev1.PodQOSBurstable:
			return c
		case class == "":
			class = c
		case class != c: // one resource set, the other not
			return corev1.PodQOSBurstable
		}
	}
	return class
}

// resourceClass is the class one resource alone would give: Burstable when request and
// limit differ, BestEffort when both are zero or unset, Guaranteed when equal and positive.
func resourceClass(r *corev1.ResourceRequirements, name corev1.ResourceName) corev1.PodQOSClass {
	request, limit := r.Requests[name], r.Limits[name]
	switch {
	case podresources.Cmp(request, limit) != 0: // bounded whatever the exponents
		return corev1.PodQOSBurstable
	case request.IsZero():
		return corev1.PodQOSBestEffort
	}
	return corev1.PodQOSGuaranteed
}

// defaultedRequirements returns r with the apiserver's defaulting of cpu and memory
// requests to limits, without changing r (it may belong to the caller's pod).
func defaultedRequirements(r *corev1.ResourceRequirements) *corev1.ResourceRequirements {
	var missing bool
	for _, name := range computeResources {
		_, hasLimit := r.Limits[name]
		_, hasRequest := r.Requests[name]
		missing = missing || (hasLimit && !hasRequest)
	}
	if !missing {
		return r
	}
	out := &corev1.ResourceRequirements{Limits: r.Limits, Requests: corev1.ResourceList{}}
	for name, q := range r.Requests {
		out.Requests[name] = q
	}
	for _, name := range computeResources {
		if limit, ok := r.Limits[name]; ok {
			if _, ok := r.Requests[name]; !ok {
				out.Requests[name] = limit
			}
		}
	}
	return out
}
