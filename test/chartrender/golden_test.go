package chartrender_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden pins the full rendered output of every value set, so any change to what the
// chart installs shows up in review as a diff of testdata/*.golden.yaml.
// Regenerate with: go test ./test/chartrender -run TestGolden -update
func TestGolden(t *testing.T) {
	for _, v := range valueSets {
		t.Run(v.name, func(t *testing.T) {
			m := render(t, v.opts)
			got, err := m.YAML()
			if err != nil {
				t.Fatal(err)
			}
			hooks, err := m.HooksYAML()
			if err != nil {
				t.Fatal(err)
			}
			if len(hooks) > 0 {
				got = append(append(got, "# Helm hooks (post-install/upgrade check, pre-delete cleanup)\n"...), hooks...)
			}
			path := filepath.Join("testdata", v.name+".golden.yaml")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rendered chart differs from %s; review and run with -update:\n%s", path, firstDiff(want, got))
			}
		})
	}
}

// firstDiff shows the first differing line with a little context.
func firstDiff(want, got []byte) string {
	wl, gl := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return ""
}
