package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden.yaml")
	r := &recorder{TB: t}
	Check(r, path, []byte("a\n"))
	if !r.failed {
		t.Error("a missing golden file passed")
	}
	*update = true
	Check(t, path, []byte("a\n"))
	*update = false
	if data, err := os.ReadFile(path); err != nil || string(data) != "a\n" {
		t.Fatalf("-update wrote %q (%v)", data, err)
	}
	Check(t, path, []byte("a\n"))
	r = &recorder{TB: t}
	Check(r, path, []byte("b\n"))
	if !r.failed {
		t.Error("a differing output passed")
	}
}
