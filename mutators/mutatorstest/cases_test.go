package mutatorstest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const validPod = `pod:
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers: [{name: app, image: img}]
`

// TestLoadCases: well-formed cases load with their why, config and namespace defaults;
// malformed ones are errors naming the file, never silently skipped.
func TestLoadCases(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		wantErr string
		check   func(*testing.T, *Case)
	}{
		{name: "defaults", file: "# why: a reason\n# on two lines\n" + validPod, check: func(t *testing.T, c *Case) {
			if c.Why != "a reason on two lines" || c.Inline || c.Namespace.Name != "default" || c.Name != "m/defaults" {
				t.Errorf("case: %+v", c)
			}
			if !strings.HasSuffix(c.ConfigName, DefaultConfig) || string(c.ConfigData) != "sidecars: {}\n" {
				t.Errorf("default config not used: %s %q", c.ConfigName, c.ConfigData)
			}
		}},
		{name: "inline", file: "# why: x\nconfig: |\n  sidecars: {a: {}}\nnamespace:\n  name: team-a\n  annotations: {k: v}\n" + validPod,
			check: func(t *testing.T, c *Case) {
				if !c.Inline || string(c.ConfigData) != "sidecars: {a: {}}\n" || c.Namespace.Name != "team-a" || c.Namespace.Annotations["k"] != "v" {
					t.Errorf("case: %+v", c)
				}
			}},
		{name: "pod namespace", file: "# why: x\n" + strings.Replace(validPod, "{name: p}", "{name: p, namespace: ns1}", 1),
			check: func(t *testing.T, c *Case) {
				if c.Namespace.Name != "ns1" {
					t.Errorf("namespace %q", c.Namespace.Name)
				}
			}},
		{name: "no why", file: validPod, wantErr: "# why"},
		{name: "empty why", file: "# why:\n" + validPod, wantErr: "# why"},
		{name: "unknown key", file: "# why: x\npods: {}\n" + validPod, wantErr: "unknown field"},
		{name: "unknown pod field", file: "# why: x\n" + strings.Replace(validPod, "name: app,", "nmae: app,", 1), wantErr: "unknown field"},
		{name: "no pod", file: "# why: x\nnamespace: {name: a}\n", wantErr: "no pod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, filepath.Join(root, "go.mod"), "module x\n")
			write(t, filepath.Join(root, DefaultConfig), "sidecars: {}\n")
			write(t, filepath.Join(root, "testdata", "m", tt.name+".yaml"), tt.file)
			write(t, filepath.Join(root, "testdata", "m", tt.name+GoldenSuffix), "ignored")
			cases, err := LoadCases(filepath.Join(root, "testdata"))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.name+".yaml") {
					t.Fatalf("err = %v, want one naming the file and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(cases) != 1 {
				t.Fatalf("cases %v, err %v", cases, err)
			}
			if cases[0].GoldenPath != strings.TrimSuffix(cases[0].Path, ".yaml")+GoldenSuffix {
				t.Errorf("golden path %s", cases[0].GoldenPath)
			}
			tt.check(t, cases[0])
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
