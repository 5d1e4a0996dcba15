// Package admission is podpatterns' admission core: the composition root (Compose builds
// the mutator and validator chains of one config revision) and the two decisions every
// caller shares, MutatePod and ValidatePod.
//
// The HTTP handlers (package webhook), `podpatterns inject` and `podpatterns validate`,
// the golden tests and the e2e comparison all call these two functions, so the answer
// for a pod never depends on the path it took (Istio's injectPod, shared by its webhook
// and kube-inject, is the model). The core knows nothing of HTTP, AdmissionReviews or
// informers: the pod arrives decoded and the namespace as a mutators.Namespace.
package admission
