package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfigMapVolume lays files out the way the kubelet's atomic writer presents a
// ConfigMap volume: the content in a timestamped `..<ts>` directory, a `..data` symlink to
// it, and one visible symlink per top-level key pointing into `..data`.
func writeConfigMapVolume(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	gen := filepath.Join(dir, "..2026_01_02_03_04_05.000000001")
	for name, content := range files {
		p := filepath.Join(gen, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Base(gen), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for name := range files {
		top, _, _ := strings.Cut(name, "/")
		if linked[top] {
			continue
		}
		linked[top] = true
		if err := os.Symlink(filepath.Join("..data", top), filepath.Join(dir, top)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readOutput returns every file under dir (dotfiles included, so leftovers show).
func readOutput(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadTreeConfigMapVolume(t *testing.T) {
	dir := writeConfigMapVolume(t, map[string]string{
		"nginx.conf":      "a",
		"conf.d/app.conf": "b",
	})
	// A dotfile next to the keys is not content either.
	if err := os.WriteFile(filepath.Join(dir, ".hidden"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"nginx.conf": "a", "conf.d/app.conf": "b"}
	if len(got) != len(want) {
		t.Fatalf("read %v, want exactly %v (no ..data, no timestamp dir, no dotfile)", keys(got), want)
	}
	for name, content := range want {
		if string(got[name]) != content {
			t.Errorf("%s = %q, want %q", name, got[name], content)
		}
	}
}

// TestReadParamsTrimsOneLineEnd: a value from `--from-file` or a YAML block scalar ends
// with a newline that is not part of the value; exactly one line end is dropped.
func TestReadParamsTrimsOneLineEnd(t *testing.T) {
	dir := writeConfigMapVolume(t, map[string]string{
		"port": "8080", "listen": "9090\n", "crlf": "x\r\n", "block": "a\nb\n", "blank-line": "a\n\n", "spaces": " s \n",
	})
	got, err := readParams(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"port": "8080", "listen": "9090", "crlf": "x", "block": "a\nb", "blank-line": "a\n", "spaces": " s "}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("params[%s] = %q, want %q", k, got[k], v)
		}
	}
}

func TestReadParamsRejectsSubdirectories(t *testing.T) {
	dir := writeConfigMapVolume(t, map[string]string{"nested/key": "v"})
	if _, err := readParams(dir); err == nil || !strings.Contains(err.Error(), "nested/key") {
		t.Errorf("err = %v, want one naming nested/key", err)
	}
}

func TestReadTreeLimits(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, MaxFileBytes+1)
	if err := os.WriteFile(filepath.Join(dir, "big"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readTree(dir); err == nil || !strings.Contains(err.Error(), "big") {
		t.Errorf("err = %v, want the oversized file named", err)
	}
}

func TestReadTreeRejectsSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink("/nonexistent/target", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if _, err := readTree(dir); err == nil {
		t.Error("a dangling symlink was read without error")
	}
}

func keys[V any](m map[string]V) []string { return sortedNames(m) }
