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
			got, err := render(t, v.opts).YAML()
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", v.name+".golden.yaml"), got)
		})
	}
}
