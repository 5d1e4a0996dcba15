package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigFiles runs every testdata/config/*.good.yaml (must load) and *.bad.yaml (must
// fail with every message in its "# expect:" lines), Prometheus-style.
func TestConfigFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/config/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no config test files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := ParseConfig(path, data)
			if strings.HasSuffix(path, ".good.yaml") {
				if err != nil {
					t.Fatalf("want valid config, got: %v", err)
				}
				if cfg.Revision == "" {
					t.Fatal("valid config has no revision")
				}
				return
			}
			expects := expectations(t, data)
			if err == nil {
				t.Fatalf("want error containing %q, got a valid config", expects)
			}
			for _, want := range expects {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not contain %q:\n%v", want, err)
				}
			}
		})
	}
}

func expectations(t *testing.T, data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if want, ok := strings.CutPrefix(line, "# expect: "); ok {
			out = append(out, want)
		}
	}
	if len(out) == 0 {
		t.Fatal("bad config file has no # expect: line")
	}
	return out
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig("inline", []byte("sidecars:\n  log-shipper:\n    container:\n      image: busybox\n"))
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

func TestConfigRevision(t *testing.T) {
	a, err := ParseConfig("a", []byte("# a comment\nlifecycle:\n  preStop:\n    sleepSeconds: 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseConfig("b", []byte("lifecycle: {preStop: {sleepSeconds: 5}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig("c", []byte("lifecycle: {preStop: {sleepSeconds: 6}}\n"))
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

// FuzzParseConfig: the config parser never panics, and what it accepts it accepts again.
func FuzzParseConfig(f *testing.F) {
	files, _ := filepath.Glob("testdata/config/*.yaml")
	for _, path := range files {
		data, _ := os.ReadFile(path)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("fuzz", data)
		if err != nil {
			return
		}
		again, err := ParseConfig("fuzz", data)
		if err != nil || again.Revision != cfg.Revision {
			t.Fatalf("not deterministic: %v", err)
		}
	})
}
