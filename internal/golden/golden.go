// Package golden is the one golden-file helper of podpatterns' tests: compare what a test
// produced with the file in testdata/, or rewrite the file when the test binary runs with
// -update (go test ./mutators -run TestGolden -update; go test ./test/chartrender -run
// TestGolden -update). Only tests import it: it registers the -update flag.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current behaviour")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path and fails t with a line diff when they
// differ; with -update it writes got to path instead.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got; review, then run the test with -update if the change is intended):\n%s",
			path, cmp.Diff(lines(want), lines(got)))
	}
}

func lines(b []byte) []string { return strings.Split(string(b), "\n") }
