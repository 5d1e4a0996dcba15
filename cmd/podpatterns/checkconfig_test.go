package main

import (
	"os"
	"path/filepath"
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
	for _, want := range []string{"SUCCESS: revision ", "1 sidecar(s) [log-shipper]", "1 adapter(s) [prometheus-exporter]", "3 profile(s) [burstable guaranteed standard]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCLI(t, "", "check-config", bad, filepath.Join(dir, "missing.yaml"))
	if exitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", exitCode(err), err)
	}
	for _, want := range []string{"Checking " + bad, "FAILED", "line 4: sidecars[log-shipper].container.imagee: unknown field", "hint: ", "kubectl get configmap"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
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
