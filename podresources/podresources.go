// Package podresources computes a pod's resources the way Kubernetes does, for the code
// that decides on pods at admission (the QoS class, the validators' per-pod rules) without
// importing k8s.io/kubernetes:
//
//   - the apiserver's defaulting of container requests from limits (SetDefaults_Pod) and
//     of pod-level requests and limits (PrepareForCreate, Kubernetes 1.37 with its default
//     feature gates: PodLevelResources and PodLevelResourcesFixDefaulting on);
//   - the effective pod requests and limits of component-helpers' PodRequests/PodLimits:
//     regular containers and native sidecars run together, each regular init container
//     runs alone next to the native sidecars started before it, the pod needs the larger
//     of the two; pod-level values win for the resources they may name.
//
// Mutating webhooks see a pod before the pod-level defaulting, validating webhooks after
// it, and `podpatterns inject`/`validate` read pods that were never defaulted. Computing on
// a Defaulted copy gives all three the same answer.
package podresources

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// IsPodLevelResource reports whether name may be set in spec.resources: cpu, memory and
// huge pages (component-helpers IsSupportedPodLevelResource).
func IsPodLevelResource(name corev1.ResourceName) bool {
	return name == corev1.ResourceCPU || name == corev1.ResourceMemory || IsHugePages(name)
}

// IsHugePages reports whether name is a hugepages-<size> resource.
func IsHugePages(name corev1.ResourceName) bool {
	return strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
}

// IsOvercommittable reports whether requests may be below limits for name: native
// resources (no domain, or a kubernetes.io domain) other than huge pages. Extended
// resources and huge pages must request exactly their limit.
func IsOvercommittable(name corev1.ResourceName) bool {
	native := !strings.Contains(string(name), "/") || strings.Contains(string(name), corev1.ResourceDefaultNamespacePrefix)
	return native && !IsHugePages(name)
}

// PodLevelSet reports whether the pod sets pod-level resources that Kubernetes acts on:
// spec.resources names at least one pod-level resource in its requests or limits
// (component-helpers IsPodLevelResourcesSet). When it does, those values decide the QoS
// class and override the containers' totals.
func PodLevelSet(pod *corev1.Pod) bool {
	return PodLevelRequestsSet(pod) || podLevelLimitsSet(pod)
}

// PodLevelRequestsSet reports whether spec.resources.requests names a pod-level resource.
func PodLevelRequestsSet(pod *corev1.Pod) bool {
	return pod.Spec.Resources != nil && namesPodLevelResource(pod.Spec.Resources.Requests)
}

func podLevelLimitsSet(pod *corev1.Pod) bool {
	return pod.Spec.Resources != nil && namesPodLevelResource(pod.Spec.Resources.Limits)
}

func namesPodLevelResource(list corev1.ResourceList) bool {
	for name := range list {
		if IsPodLevelResource(name) {
			return true
		}
	}
	return false
}

// IsRestartable reports whether an init container is a native sidecar
// (restartPolicy: Always): it keeps running next to the app containers.
func IsRestartable(c *corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}
