package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	inputBadPod  = "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n  containers: [{name: app, image: nginx}]\n"
	inputGoodPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec:\n  containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n"
	inputConfig  = "../../examples/config.yaml"
)

// TestRepeatedFilenamesAreAllJudged: `-f bad -f good` judges both, in order, and exits 1
// for the bad one (a CI job must never pass because the last file was fine).
func TestRepeatedFilenamesAreAllJudged(t *testing.T) {
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.yaml"), filepath.Join(dir, "good.yaml")
	writeFile(t, bad, inputBadPod)
	writeFile(t, good, inputGoodPod)
	out, _, err := runCLI(t, "", "validate", "-f", bad, "-f", good, "--config", inputConfig, "--profile", "standard")
	if exitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1:\n%s", exitCode(err), err, out)
	}
	if !strings.Contains(out, "Pod/bad: denied") || !strings.Contains(out, "Pod/good: ok") || strings.Index(out, "Pod/bad") > strings.Index(out, "Pod/good") {
		t.Errorf("want both pods judged, bad first:\n%s", out)
	}
}

// TestDirectoryInput: a directory contributes its .yaml/.yml/.json files in lexical
// order; its subdirectories only with -R; other files never.
func TestDirectoryInput(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b.yaml"), inputGoodPod)
	writeFile(t, filepath.Join(dir, "a.yml"), strings.Replace(inputGoodPod, "name: good", "name: first", 1))
	writeFile(t, filepath.Join(dir, "notes.txt"), "not yaml: [")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sub", "c.json"), `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"deep"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}`)

	out, _, err := runCLI(t, "", "validate", "-f", dir, "--config", inputConfig, "--profile", "standard")
	if err != nil || out != "Pod/first: ok\nPod/good: ok\n" {
		t.Fatalf("flat: %v, out %q", err, out)
	}
	out, _, err = runCLI(t, "", "validate", "-R", "-f", dir, "--config", inputConfig, "--profile", "standard")
	if exitCode(err) != 1 || !strings.Contains(out, "Pod/deep: denied") {
		t.Fatalf("-R: exit %d (%v), out %q", exitCode(err), err, out)
	}
}

// TestInputUsageErrors: a missing file, an empty directory and stdin named twice exit 2
// (the command line is wrong) and say which.
func TestInputUsageErrors(t *testing.T) {
	empty := t.TempDir()
	for name, args := range map[string][]string{
		"missing file":    {"-f", filepath.Join(empty, "nope.yaml")},
		"empty directory": {"-f", empty},
		"stdin twice":     {"-f", "-", "-f", "-"},
	} {
		_, _, err := runCLI(t, inputGoodPod, append([]string{"inject", "--config", inputConfig}, args...)...)
		if exitCode(err) != 2 {
			t.Errorf("%s: exit %d (%v), want 2", name, exitCode(err), err)
		}
	}
}

// TestUnknownProfileOrModeIsAUsageError: a typo in --profile or --mode is exit 2 with the
// valid values, never a policy denial (exit 1) of every object.
func TestUnknownProfileOrModeIsAUsageError(t *testing.T) {
	_, _, err := runCLI(t, inputGoodPod, "validate", "-f", "-", "--config", inputConfig, "--profile", "standrad")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "burstable, guaranteed, standard") {
		t.Errorf("unknown profile: exit %d, %v", exitCode(err), err)
	}
	_, _, err = runCLI(t, inputGoodPod, "validate", "-f", "-", "--config", inputConfig, "--profile", "standard", "--mode", "enforced")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "enforce, warn, audit") {
		t.Errorf("unknown mode: exit %d, %v", exitCode(err), err)
	}
}
