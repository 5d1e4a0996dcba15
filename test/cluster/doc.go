// Package cluster runs a local Kubernetes control plane for the e2e suite and the demo:
// the real etcd, kube-apiserver and (optionally) kube-controller-manager binaries, built
// from the Go module proxy by test/tools/build-envtest.sh and started through
// controller-runtime's envtest. It also wires the podpatterns server into that control
// plane the way the Helm chart does in a real cluster: a serving certificate, and
// Mutating/ValidatingWebhookConfigurations with the chart's selectors and policies whose
// clientConfig points at a server on 127.0.0.1.
//
// Nothing here is a fake: admission requests come from the real apiserver, which checks
// the response UID, applies our JSON patch, validates the patched pod, enforces
// failurePolicy, timeouts, dry-run and reinvocation, and writes the audit log.
package cluster
