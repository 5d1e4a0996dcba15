package render

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits that keep a broken or hostile ConfigMap from exhausting the init container.
const (
	// MaxFileBytes caps one template or parameter file; a ConfigMap holds at most 1 MiB.
	MaxFileBytes = 1 << 20
	// MaxFiles caps the template or parameter files read from one directory.
	MaxFiles = 1024
	// maxDepth caps subdirectory nesting (ConfigMap items may use paths like a/b.conf).
	maxDepth = 8
)

// hidden reports whether a directory entry is not content: dotfiles, and the `..data`
// symlink and `..<timestamp>` directory of a ConfigMap volume's atomic writer (reached
// through the visible symlinks, never listed themselves).
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// readTree returns every visible regular file under dir, keyed by slash-separated path
// relative to dir. Symlinks are followed (a ConfigMap volume's entries are symlinks), so
// the content is the current `..data` generation.
func readTree(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	if err := readDir(dir, "", 0, files); err != nil {
		return nil, err
	}
	return files, nil
}

func readDir(root, rel string, depth int, files map[string][]byte) error {
	if depth > maxDepth {
		return fmt.Errorf("%s: nested deeper than %d directories", filepath.Join(root, rel), maxDepth)
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if hidden(e.Name()) {
			continue
		}
		name := path.Join(rel, e.Name())
		full := filepath.Join(root, filepath.FromSlash(name))
		info, err := os.Stat(full) // follows the ConfigMap volume's symlinks
		if err != nil {
			return err
		}
		switch {
		case info.IsDir():
			if err := readDir(root, name, depth+1, files); err != nil {
				return err
			}
		case info.Mode().IsRegular():
			if err := readFile(full, name, info, files); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: not a regular file (%s)", full, info.Mode().Type())
		}
	}
	return nil
}

func readFile(full, name string, info fs.FileInfo, files map[string][]byte) error {
	if len(files) >= MaxFiles {
		return fmt.Errorf("%s: more than %d files", full, MaxFiles)
	}
	if info.Size() > MaxFileBytes {
		return fmt.Errorf("%s: %d bytes, more than %d", full, info.Size(), MaxFileBytes)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		return err
	}
	files[name] = data
	return nil
}

// readParams reads a params directory: one file per key, the value is the file content
// with one trailing line end removed (see trimLineEnd). Keys are flat: a subdirectory is
// an error, because `.Params.a/b` could not be written in a template anyway.
func readParams(dir string) (map[string]any, error) {
	files, err := readTree(dir)
	if err != nil {
		return nil, err
	}
	params := make(map[string]any, len(files))
	for name, data := range files {
		if strings.Contains(name, "/") {
			return nil, fmt.Errorf("%s: parameters are flat keys, %q is in a subdirectory", dir, name)
		}
		params[name] = trimLineEnd(string(data))
	}
	return params, nil
}

// envMap turns KEY=VALUE pairs (os.Environ's form) into a map; a later pair wins, as in
// the process environment. Entries without "=" are ignored.
func envMap(environ []string) map[string]any {
	env := make(map[string]any, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			env[k] = v
		}
	}
	return env
}

// trimLineEnd drops one trailing "\n" (or "\r\n") from a parameter value. A value
// written with `kubectl create configmap --from-file`, or as a YAML block scalar
// (`port: |`), ends with a newline the writer never meant as part of the value: kept,
// `listen {{ .Params.port }};` would render "listen 9090\n;". Only one line end goes, so a
// multi-line value keeps its inner lines and a value that ends with a blank line keeps it.
func trimLineEnd(s string) string {
	s, found := strings.CutSuffix(s, "\n")
	if found {
		s = strings.TrimSuffix(s, "\r")
	}
	return s
}
