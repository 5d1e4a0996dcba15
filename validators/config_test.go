package validators_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podpatterns/podpatterns/webhook"
)

// TestProfileConfigFiles loads testdata/config/*.good.yaml (must load) and *.bad.yaml
// (must fail with exactly the problems their `# want:` lines list, in order) through the
// real config loader: strict decoding, defaults, validation with lines.
func TestProfileConfigFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/config/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no config files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = webhook.ParseConfig(file, data)
			switch {
			case strings.HasSuffix(file, ".good.yaml"):
				if err != nil {
					t.Fatalf("a good file fails: %v", err)
				}
			case strings.HasSuffix(file, ".bad.yaml"):
				checkProblems(t, data, err)
			default:
				t.Fatalf("name it .good.yaml or .bad.yaml")
			}
		})
	}
}

func checkProblems(t *testing.T, data []byte, err error) {
	t.Helper()
	var want []string
	for _, line := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(line, "# want: "); ok {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		t.Fatalf("a bad file needs `# want:` lines")
	}
	var cfgErr *webhook.ConfigError
	if !errors.As(err, &cfgErr) {
		t.Fatalf("want a *webhook.ConfigError, got %v", err)
	}
	got := make([]string, len(cfgErr.Problems))
	for i, p := range cfgErr.Problems {
		got[i] = fmt.Sprintf("line %d: %s: %s", p.Line, p.Path, p.Message)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
