package chartrender_test

import (
	"path/filepath"
	"testing"

	"github.com/podpatterns/podpatterns/internal/golden"
)

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
			golden.Check(t, filepath.Join("testdata", v.name+".golden.yaml"), got)
		})
	}
}
