package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/equality"
)

// TestFiles runs every testdata/*.good.yaml (must load) and *.bad.yaml (must fail with
// exactly the problems of its `# want:` lines, in order), Prometheus-style.
func TestFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no config test files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := Parse(path, data)
			switch {
			case strings.HasSuffix(path, ".good.yaml"):
				if err != nil {
					t.Fatalf("want valid config, got: %v", err)
				}
				if cfg.Revision == "" {
					t.Fatal("valid config has no revision")
				}
			case strings.HasSuffix(path, ".bad.yaml"):
				checkProblems(t, data, err)
			default:
				t.Fatal("name it .good.yaml or .bad.yaml")
			}
		})
	}
}

// checkProblems compares err's problems, as the error message prints them, with the
// file's `# want:` lines.
func checkProblems(t *testing.T, data []byte, err error) {
	t.Helper()
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(line, "# want: "); ok {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		t.Fatal("a bad file needs `# want:` lines")
	}
	cfgErr, ok := errors.AsType[*Error](err)
	if !ok {
		t.Fatalf("want a *config.Error, got %v", err)
	}
	got := make([]string, len(cfgErr.Problems))
	for i, p := range cfgErr.Problems {
		got[i] = p.String()
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := Parse("inline", []byte("sidecars:\n  log-shipper:\n    container:\n      image: busybox\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc := cfg.Sidecars["log-shipper"]
	if sc.Kind != "sidecar" || !sc.IsNative() || sc.Position != "last" || sc.Container.Name != "log-shipper" {
		t.Errorf("sidecar defaults: %+v", sc)
	}
	if cfg.DownwardAPI.MountPath != "/etc/podinfo" || cfg.Lifecycle.PreStop.SleepSeconds != 30 || cfg.Lifecycle.PreStop.Mode != "sleep" {
		t.Errorf("section defaults: %+v %+v", cfg.DownwardAPI, cfg.Lifecycle)
	}
}

func TestRevision(t *testing.T) {
	a, err := Parse("a", []byte("# a comment\nlifecycle:\n  preStop:\n    sleepSeconds: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b", []byte("lifecycle: {preStop: {sleepSeconds: 5}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("c", []byte("lifecycle: {preStop: {sleepSeconds: 6}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Revision != b.Revision {
		t.Errorf("formatting changed the revision: %s vs %s", a.Revision, b.Revision)
	}
	if a.Revision == c.Revision {
		t.Errorf("a value change kept the revision %s", a.Revision)
	}
}

// FuzzParse: the config parser never panics, and what it accepts it accepts again.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, path := range files {
		data, _ := os.ReadFile(path)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz", data)
		if err != nil {
			checkErrorsCarryLines(t, err)
			return
		}
		again, err := Parse("fuzz", data)
		if err != nil || again.Revision != cfg.Revision {
			t.Fatalf("not deterministic: %v", err)
		}
		checkNormalizeFixedPoint(t, cfg)
	})
}

// checkErrorsCarryLines: every problem of a rejected file points at a line (in its Line
// field, or in the YAML parser's own "line N" message).
func checkErrorsCarryLines(t *testing.T, err error) {
	t.Helper()
	var cerr *Error
	if !errors.As(err, &cerr) {
		t.Fatalf("Parse error %T is not a *config.Error: %v", err, err)
	}
	for _, p := range cerr.Problems {
		if p.Line <= 0 && !strings.Contains(p.Message, "line ") {
			t.Fatalf("problem without a line: %q", p.String())
		}
	}
}

// checkNormalizeFixedPoint: the defaulted config, written out and parsed again, is the
// same config, and doing it once more changes nothing (parse → normalize → parse is a
// fixed point).
func checkNormalizeFixedPoint(t *testing.T, cfg *Loaded) {
	t.Helper()
	first, err := json.Marshal(cfg.Config)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Parse("normalized", first)
	if err != nil {
		t.Fatalf("the normalized config does not parse: %v\n%s", err, first)
	}
	if !equality.Semantic.DeepEqual(cfg.Config, second.Config) {
		t.Fatalf("normalizing changed the config:\n%s", cmp.Diff(cfg.Config, second.Config))
	}
	again, err := json.Marshal(second.Config)
	if err != nil {
		t.Fatal(err)
	}
	third, err := Parse("normalized", again)
	if err != nil || !bytes.Equal(first, again) || third.Revision != second.Revision {
		t.Fatalf("normalizing is not a fixed point (err %v):\n%s\n%s", err, first, again)
	}
}
