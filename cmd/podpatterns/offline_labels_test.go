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
// object — the mutating webhook first, so the profile's default priority class counts and
// the mutating webhook's warnings show (here: the sidecar is refused because it would break
// the profile) — and --as-given judges the object exactly as written.
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
    priorityClasses: {allowed: [low], default: low}
`)
	classes := t.TempDir() + "/classes.yaml"
	writeFile(t, classes, "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: low}\nvalue: 100\n")
	out, _, err := runCLI(t, sidecarPod, "validate", "-f", "-", "--config", cfg, "--profile", "tiny", "--priority-classes", classes)
	want := "Pod/p: Warning: podpatterns: sidecar \"log-shipper\" not injected (breaks-profile): profile tiny of the namespace " +
		"would deny the pod with it (container-max: limit 50m is above the maximum 20m), a rule the pod without it meets: " +
		"lower its own resources to make room\nPod/p: ok\n"
	if err != nil || out != want {
		t.Fatalf("mutated first: %v, out\n%s\nwant\n%s", err, out, want)
	}
	out, _, err = runCLI(t, sidecarPod, "validate", "-f", "-", "--config", cfg, "--profile", "tiny", "--priority-classes", classes, "--as-given")
	if exitCode(err) != 1 || !strings.Contains(out, "spec.priorityClassName (priority-class-not-allowed)") {
		t.Fatalf("--as-given: the missing priority class is not judged: exit %d, out %q", exitCode(err), out)
	}
}
