// Package e2e tests podpatterns end to end against a real kube-apiserver and etcd (and
// kube-controller-manager), started locally by package test/cluster from binaries that
// test/tools/build-envtest.sh builds from the Go module proxy.
//
// One control plane and one `podpatterns serve` process are shared by the whole package
// (TestMain); the webhook configurations are the chart's, pointed at 127.0.0.1. Tests
// that change shared state (stopping the server, swapping its config) are sequential;
// everything else runs in parallel in namespaces of its own.
//
// Run: make e2e (or go test ./test/e2e). The first run builds the control plane
// binaries (about 15 minutes on 2 cores); if they cannot be built the suite fails with
// the build's output, it never skips.
package e2e
