package mutators_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
)

// TestEveryInjectedTemplateIsHashed: in every golden status annotation written with
// hashes, each injected template carries its hash, except the profile defaults (the
// priority-class default, a class name; the health-probe readiness default, from the
// profile, not a template), so a new pattern cannot be invisible to `podpatterns
// drift` (it needs a templateSources row). Statuses without any hash are inputs written
// before hashes existed (the reinvocation cases) or only profile defaults.
func TestEveryInjectedTemplateIsHashed(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.golden.yaml")
	if err != nil || len(files) < 20 {
		t.Fatalf("golden files: %v (%d)", err, len(files))
	}
	status := regexp.MustCompile(`podpatterns\.io/status: '(.*)'`)
	seen, profileDefaultsSeen := 0, 0
	profileDefault := map[mutators.Pattern]bool{mutators.PatternPriorityClass: true, mutators.PatternHealthProbe: true}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range status.FindAllStringSubmatch(string(data), -1) {
			s, ok := mutators.ParseStatus(strings.ReplaceAll(m[1], "''", "'"))
			if !ok {
				t.Fatalf("%s: status %s does not parse", f, m[1])
			}
			for p, names := range s.Injected {
				if profileDefault[p] {
					profileDefaultsSeen++
				}
				for _, name := range names {
					seen++
					if _, ok := s.Hashes[p][name]; !ok && s.Hashes != nil && !profileDefault[p] {
						t.Errorf("%s: %s/%s injected without a hash", f, p, name)
					}
				}
			}
		}
	}
	if seen < 50 || profileDefaultsSeen == 0 {
		t.Fatalf("only %d injected templates in the goldens", seen)
	}
}
