// Package limitrange judges pods as the API server's LimitRanger admission plugin will
// have treated them, without importing k8s.io/kubernetes (its rules were read from
// plugin/pkg/admission/limitranger of Kubernetes 1.37, not copied):
//
//   - defaulting (LimitRanger's mutating half, before the mutating webhooks): every
//     container and init container, native sidecars included, gets the Container-type
//     `default` of a resource it sets no limit for and the `defaultRequest` of one it
//     sets no request for, after the Pod defaulting that gives each limit without a
//     request that limit as request;
//   - validation (its validating half, on the final pod, after every mutating webhook):
//     Container-type min, max and maxLimitRequestRatio for each container and init
//     container, Pod-type ones for the pod's effective totals.
//
// The API server re-runs its in-tree mutating plugins, LimitRanger included, after a
// webhook changed a pod (apiserver's reinvocation of the admission chain), so the
// containers podpatterns injects are defaulted too: podpatterns writes those defaults
// itself, so that the pod it returns is the pod the API server stores and judges.
package limitrange
