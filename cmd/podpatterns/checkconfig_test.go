package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheckConfig: SUCCESS with what the config defines, FAILED with every problem and
// its line, a hint for a missing file, and exit 1 when any file fails.
func TestCheckConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("sidecars:\n  log-shipper:\n    container:\n      imagee: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "check-config", filepath.Join("..", "..", "examples", "config.yaml"))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"SUCCESS: revision ", "1 sidecar(s) [log-shipper]", "1 adapter(s) [prometheus-exporter]", "3 profile(s) [burstable guaranteed standard]",
		"Pod Security (highest level each injection meets on its own): sidecars.log-shipper=restricted, sidecars.prometheus-exporter=restricted, sidecars.redis=restricted, configTemplates.nginx=restricted, configImages.app-config=restricted"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	privileged := filepath.Join(dir, "privileged.yaml")
	if err := os.WriteFile(privileged, []byte("sidecars:\n  plain:\n    container: {image: x}\n  root:\n    container:\n      image: x\n      securityContext: {privileged: true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, "", "check-config", privileged)
	if want := "sidecars.plain=baseline, sidecars.root=privileged"; err != nil || !strings.Contains(out, want) {
		t.Errorf("check-config %s: %v; output lacks %q:\n%s", privileged, err, want, out)
	}
	out, _, err = runCLI(t, "", "check-config", bad)
	if exitCode(err) != 1 {
		t.Fatalf("invalid file: exit %d (%v), want 1", exitCode(err), err)
	}
	for _, want := range []string{"Checking " + bad, "FAILED", "line 4: sidecars[log-shipper].container.imagee: unknown field"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// A missing file is the command line's fault: exit 2, and the hint names the way
	// check-config takes a file (it has no --config flag).
	out, _, err = runCLI(t, "", "check-config", bad, filepath.Join(dir, "missing.yaml"))
	if exitCode(err) != 2 {
		t.Fatalf("missing file: exit %d (%v), want 2", exitCode(err), err)
	}
	for _, want := range []string{"hint: ", "podpatterns check-config FILE", "kubectl get configmap"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "--config") {
		t.Errorf("the hint names a --config flag check-config does not have:\n%s", out)
	}
}

// TestCheckConfigJSON: -o json is one object per file with the verdict, the revision or
// the problems, and what the config defines.
func TestCheckConfigJSON(t *testing.T) {
	good := filepath.Join("..", "..", "examples", "config.yaml")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("profiles: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "check-config", "-o", "json", good, bad)
	if exitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", exitCode(err), err)
	}
	var got []configCheck
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 2 || !got[0].Valid || got[0].Revision == "" || !slices.Equal(got[0].Defines["profile"], []string{"burstable", "guaranteed", "standard"}) {
		t.Errorf("good file: %+v", got)
	}
	if len(got) == 2 && (got[1].Valid || len(got[1].Problems) == 0 || got[1].Missing) {
		t.Errorf("bad file: %+v", got[1])
	}
}

// TestCheckConfigWarnsBeforeInitWithoutStartupProbe: a before-init template without a
// startupProbe loads (exit 0) with a warning naming it; one with a probe gets none.
func TestCheckConfigWarnsBeforeInitWithoutStartupProbe(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	cfg := `sidecars:
  db-proxy:
    placement: before-init
    container: {image: registry.example.com/proxy:1.0}
  probed-proxy:
    placement: before-init
    container:
      image: registry.example.com/proxy:1.0
      startupProbe: {tcpSocket: {port: 5432}}
`
	if err := os.WriteFile(file, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "check-config", file)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := "WARNING: sidecars[db-proxy]: placement before-init without a container.startupProbe"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "probed-proxy]: placement") || !strings.Contains(out, "SUCCESS") {
		t.Errorf("want SUCCESS and no warning for the probed template:\n%s", out)
	}
}

// TestServeHelpNamesLogSwitches: the levels (warn included), formats and decision-log
// switches are in `serve --help`.
func TestServeHelpNamesLogSwitches(t *testing.T) {
	out, _, err := runCLI(t, "", "serve", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"debug, info, warn, error", "--log-format", "json or text", "--log-denies", "--log-mutations", "--log-admits", "--log-decisions-per-second", "--events"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
}
