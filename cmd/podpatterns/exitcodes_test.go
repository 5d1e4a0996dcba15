package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/analyze"
	"github.com/podpatterns/podpatterns/drift"
)

// exitCases are one invocation per cell of the README's exit-code table: command → code.
func exitCases(t *testing.T) map[string]map[int]func() error {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "profiles: 3\n")
	missing := filepath.Join(dir, "missing.yaml")
	run := func(stdin string, args ...string) func() error {
		return func() error { _, _, err := runCLI(t, stdin, args...); return err }
	}
	denied := strings.Replace(inputBadPod, "spec:\n", "metadata: {annotations: {podpatterns.io/prestop: \"-1\"}}\nspec:\n", 1)
	denied = strings.Replace(denied, "metadata: {name: bad}\n", "", 1)
	drifted := []drift.Drifted{{Workload: drift.Workload{Kind: "Deployment", Namespace: "ns", Name: "w"}}}
	driftRun := func(ds []drift.Drifted, exitOnDrift bool) func() error {
		return func() error { return writeDrift(&bytes.Buffer{}, "text", ds, "r", false, exitOnDrift) }
	}
	analyzeRun := func(fs []analyze.Finding) func() error {
		return func() error { return writeFindings(&bytes.Buffer{}, "text", fs) }
	}
	return map[string]map[int]func() error{
		"inject": {
			0: run(inputGoodPod, "inject", "-f", "-", "--config", inputConfig),
			1: run(denied, "inject", "-f", "-", "--config", inputConfig),
			2: run(inputGoodPod, "inject", "-f", missing, "--config", inputConfig),
		},
		"validate": {
			0: run(inputGoodPod, "validate", "-f", "-", "--config", inputConfig, "--profile", "standard"),
			1: run(inputBadPod, "validate", "-f", "-", "--config", inputConfig, "--profile", "standard"),
			2: run(inputGoodPod, "validate", "-f", "-", "--config", inputConfig, "--profile", "nope"),
		},
		"check-config": {
			0: run("", "check-config", inputConfig),
			1: run("", "check-config", bad),
			2: run("", "check-config", missing),
		},
		"drift": {
			0: driftRun(drifted, false),
			1: driftRun(drifted, true),
			2: run("", "drift", "-o", "yaml"),
		},
		"analyze": {
			0: analyzeRun(nil),
			1: analyzeRun([]analyze.Finding{{Severity: analyze.SeverityError, Code: analyze.CodeUnknownProfile, Object: "Namespace/x"}}),
			2: run("", "analyze", "-o", "yaml"),
		},
		"precheck": {
			0: analyzeRun(analyze.Precheck(analyze.Cluster{Version: "v1.37.2", APIs: servedAPIs}, false)),
			1: analyzeRun(analyze.Precheck(analyze.Cluster{Version: "v1.29.0"}, false)),
			2: run("", "precheck", "-o", "yaml"),
		},
		"version": {
			0: run("", "version"),
			2: run("", "version", "-o", "yaml"),
		},
	}
}

// TestExitCodeTable: every command of the README's exit-code table exits as its cells
// say (one invocation per cell; a "—" cell has none), and the table lists every command
// that reports.
func TestExitCodeTable(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$")
	start := bytes.Index(readme, []byte("Exit codes, for CI"))
	if start < 0 {
		t.Fatal("README has no \"Exit codes, for CI\" table")
	}
	cases := exitCases(t)
	seen := map[string]bool{}
	for _, m := range row.FindAllSubmatch(readme[start:], -1) {
		cmd := string(m[1])
		byCode, ok := cases[cmd]
		if !ok {
			break // the next table
		}
		seen[cmd] = true
		for code := 0; code <= 2; code++ {
			documented := strings.TrimSpace(string(m[2+code])) != "—"
			run, tested := byCode[code]
			if documented != tested {
				t.Errorf("%s exit %d: README documents it %v, a case exists %v", cmd, code, documented, tested)
				continue
			}
			if tested {
				if got := exitCodeOf(run()); got != code {
					t.Errorf("%s: exit %d, the README says %d", cmd, got, code)
				}
			}
		}
	}
	for cmd := range cases {
		if !seen[cmd] {
			t.Errorf("the README's exit-code table has no row for %s", cmd)
		}
	}
}

// exitCodeOf is the process's exit code for err (nil: 0).
func exitCodeOf(err error) int {
	if err == nil {
		return 0
	}
	return exitCode(err)
}

// servedAPIs is a cluster serving every API precheck asks for.
var servedAPIs = map[string]bool{
	"admissionregistration.k8s.io/v1/mutatingwebhookconfigurations": true, "admissionregistration.k8s.io/v1/validatingwebhookconfigurations": true,
	"policy/v1/poddisruptionbudgets": true, "networking.k8s.io/v1/networkpolicies": true, "monitoring.coreos.com/v1/servicemonitors": true,
}
