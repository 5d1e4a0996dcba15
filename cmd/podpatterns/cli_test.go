package main

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/buildinfo"
)

// runCLI runs the root command with args and stdin, returning stdout, stderr and the error.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out, errOut bytes.Buffer
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

const workloads = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        podpatterns.io/sidecars: log-shipper
        podpatterns.io/prestop: "true"
    spec:
      containers:
      - name: app
        image: shop/web:1.0
---
apiVersion: v1
kind: ConfigMap
metadata: {name: untouched}
data: {key: value}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations: {podpatterns.io/downward-api: "true"}
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox
`

func TestInjectWorkloads(t *testing.T) {
	out, stderr, err := runCLI(t, workloads, "inject", "-f", "-", "--config", "../../examples/config.yaml")
	if err != nil {
		t.Fatalf("inject: %v\n%s", err, stderr)
	}
	docs := strings.Split(out, "\n---\n")
	if len(docs) != 3 {
		t.Fatalf("want 3 documents out, got %d:\n%s", len(docs), out)
	}
	var deploy struct {
		Spec struct {
			Replicas int                    `json:"replicas"`
			Template corev1.PodTemplateSpec `json:"template"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal([]byte(docs[0]), &deploy); err != nil {
		t.Fatal(err)
	}
	tmpl := deploy.Spec.Template
	if deploy.Spec.Replicas != 2 {
		t.Error("fields outside the pod template changed")
	}
	if len(tmpl.Spec.InitContainers) != 1 || tmpl.Spec.InitContainers[0].Name != "log-shipper" {
		t.Errorf("log-shipper not injected into the Deployment's pod template: %+v", tmpl.Spec.InitContainers)
	}
	if lc := tmpl.Spec.Containers[0].Lifecycle; lc == nil || lc.PreStop == nil {
		t.Error("preStop not injected into the Deployment's pod template")
	}
	if !strings.Contains(tmpl.Annotations["podpatterns.io/status"], `"sidecar":["log-shipper"]`) {
		t.Errorf("status annotation: %q", tmpl.Annotations["podpatterns.io/status"])
	}
	if !strings.Contains(docs[1], "name: untouched") || strings.Contains(docs[1], "podpatterns") {
		t.Errorf("ConfigMap changed:\n%s", docs[1])
	}
	if !strings.Contains(docs[2], "POD_NAME") || !strings.Contains(docs[2], "podinfo") {
		t.Errorf("CronJob's job template not injected:\n%s", docs[2])
	}

	again, _, err := runCLI(t, out, "inject", "-f", "-", "--config", "../../examples/config.yaml")
	if err != nil || again != out {
		t.Errorf("injecting the output again changed it (err %v)", err)
	}
}

func TestInjectDeniedExitsOne(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {podpatterns.io/sidecars: \"image: evil\"}\nspec:\n  containers: [{name: app, image: nginx}]\n"
	_, stderr, err := runCLI(t, pod, "inject", "-f", "-", "--config", "../../examples/config.yaml")
	if exitCode(err) != 1 || !strings.Contains(stderr, "metadata.annotations[podpatterns.io/sidecars]") {
		t.Fatalf("exit %d, stderr %q", exitCode(err), stderr)
	}
}

func TestValidateModesAndExitCodes(t *testing.T) {
	bestEffort := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n"
	out, _, err := runCLI(t, bestEffort, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard")
	if exitCode(err) != 1 || !strings.Contains(out, `Pod/p: denied: podpatterns profile "standard" denied the pod`) {
		t.Fatalf("enforce: exit %d, out %q", exitCode(err), out)
	}
	out, _, err = runCLI(t, bestEffort, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard", "--mode", "warn")
	if err != nil || !strings.Contains(out, "Pod/p: Warning: ") {
		t.Fatalf("warn: %v, out %q", err, out)
	}
	ok := "apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n"
	out, _, err = runCLI(t, ok, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard")
	if err != nil || out != "Pod/q: ok\n" {
		t.Fatalf("compliant pod: %v, out %q", err, out)
	}
}

func TestBadConfigIsAUsageError(t *testing.T) {
	_, _, err := runCLI(t, "", "inject", "-f", "-", "--config", "does-not-exist.yaml")
	if exitCode(err) != 2 {
		t.Fatalf("exit %d for a missing config, want 2", exitCode(err))
	}
}

// TestValidatePriorityClassesOffline: classes in the input (or --priority-classes) are
// known to the offline validator, like the server's informer; others are not.
func TestValidatePriorityClassesOffline(t *testing.T) {
	cfg := t.TempDir() + "/config.yaml"
	writeFile(t, cfg, "profiles:\n  p:\n    priorityClasses:\n      allowed: [batch]\n")
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  priorityClassName: batch\n  containers: [{name: app, image: nginx}]\n"
	out, _, err := runCLI(t, pod, "validate", "-f", "-", "--config", cfg, "--profile", "p")
	if exitCode(err) != 1 || !strings.Contains(out, "batch") {
		t.Fatalf("unknown class must be denied: exit %d, out %q", exitCode(err), out)
	}
	withClass := "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: batch}\nvalue: 100\n---\n" + pod
	out, _, err = runCLI(t, withClass, "validate", "-f", "-", "--config", cfg, "--profile", "p")
	if err != nil || out != "Pod/p: ok\n" {
		t.Fatalf("known class: %v, out %q", err, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestValidateSeesTheMutatedPod: validate judges what the validating webhook sees, after
// the mutating webhook applied the profile's default priority class.
func TestValidateSeesTheMutatedPod(t *testing.T) {
	cfg := t.TempDir() + "/config.yaml"
	writeFile(t, cfg, "profiles:\n  p:\n    priorityClasses:\n      allowed: [batch]\n      default: batch\n")
	in := "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: batch}\nvalue: 100\n---\n" +
		"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n"
	out, _, err := runCLI(t, in, "validate", "-f", "-", "--config", cfg, "--profile", "p")
	if err != nil || out != "Pod/p: ok\n" {
		t.Fatalf("a pod the default class makes compliant: %v, out %q", err, out)
	}
}

// TestVersion: `podpatterns version` names the version, the commit and the Go toolchain
// (the stamped values themselves are checked on the release binary, test/release).
func TestVersion(t *testing.T) {
	out, _, err := runCLI(t, "", "version")
	if err != nil {
		t.Fatal(err)
	}
	want := buildinfo.Get().String() + "\n"
	if out != want || !strings.Contains(out, "commit ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("version printed %q, want %q", out, want)
	}
}

// TestVersionJSON: `version -o json` is the build info as an object; another -o is exit 2.
func TestVersionJSON(t *testing.T) {
	out, _, err := runCLI(t, "", "version", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	var got buildinfo.Info
	if err := json.Unmarshal([]byte(out), &got); err != nil || got != buildinfo.Get() {
		t.Errorf("version -o json: %v, %q", err, out)
	}
	if _, _, err := runCLI(t, "", "version", "-o", "yaml"); exitCode(err) != 2 {
		t.Errorf("version -o yaml: exit %d, want 2", exitCode(err))
	}
}
