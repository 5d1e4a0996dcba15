package main

import (
	"strings"
	"testing"
)

const sidecarPod = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations: {podpatterns.io/sidecars: log-shipper}
spec:
  containers:
  - name: app
    image: nginx
    resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 10m, memory: 16Mi}}
`

// TestInjectNamespaceLabelsMergeWithDefaults: --namespace-labels adds to the default
// podpatterns.io/inject=enabled instead of silently dropping it; replacing it is said on
// stderr, and so is a document left unmutated because its namespace is not opted in.
func TestInjectNamespaceLabelsMergeWithDefaults(t *testing.T) {
	out, stderr, err := runCLI(t, sidecarPod, "inject", "-f", "-", "--config", "../../examples/config.yaml",
		"--namespace-labels", "podpatterns.io/profile=standard")
	if err != nil || !strings.Contains(out, "name: log-shipper") {
		t.Fatalf("the sidecar was not injected with an extra namespace label: %v\nstdout %s\nstderr %s", err, out, stderr)
	}
	out, stderr, err = runCLI(t, sidecarPod, "inject", "-f", "-", "--config", "../../examples/config.yaml",
		"--namespace-labels", "podpatterns.io/inject=disabled")
	if err != nil || strings.Contains(out, "name: log-shipper") {
		t.Fatalf("injected into a namespace that is not opted in: %v\n%s", err, out)
	}
	for _, want := range []string{
		"podpatterns.io/inject=enabled is replaced by podpatterns.io/inject=disabled",
		"Pod/p: not mutated: the namespace is not opted in",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	out, stderr, err = runCLI(t, sidecarPod, "inject", "-f", "-", "--config", "../../examples/config.yaml",
		"--namespace-labels", "podpatterns.io/inject=")
	if err != nil || strings.Contains(out, "name: log-shipper") || !strings.Contains(stderr, "podpatterns.io/inject=enabled is removed") {
		t.Fatalf("an empty value must remove the default label: %v\nstdout %s\nstderr %s", err, out, stderr)
	}
}

// TestValidateMutatesFirst: validate answers what the cluster would for the submitted
// object — the mutating webhook first, so an injected container that breaks the profile
// shows — and --as-given judges the object exactly as written.
func TestValidateMutatesFirst(t *testing.T) {
	cfg := t.TempDir() + "/config.yaml"
	writeFile(t, cfg, `sidecars:
  log-shipper:
    container:
      image: fluent-bit:3
      resources: {requests: {cpu: 50m, memory: 16Mi}, limits: {cpu: 50m, memory: 16Mi}}
profiles:
  tiny:
    resources:
      cpu: {limits: {required: true, max: 20m}}
`)
	out, _, err := runCLI(t, sidecarPod, "validate", "-f", "-", "--config", cfg, "--profile", "tiny")
	if exitCode(err) != 1 || !strings.Contains(out, "spec.initContainers[0].resources.limits[cpu]") {
		t.Fatalf("the injected sidecar's limit is not judged: exit %d, out %q", exitCode(err), out)
	}
	out, _, err = runCLI(t, sidecarPod, "validate", "-f", "-", "--config", cfg, "--profile", "tiny", "--as-given")
	if err != nil || out != "Pod/p: ok\n" {
		t.Fatalf("--as-given: %v, out %q", err, out)
	}
}
