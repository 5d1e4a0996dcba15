package render

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// stagingPrefix names the staging directory inside the output directory. It is a dotfile
// so a reader listing the directory ignores it, and it lives on the same filesystem as
// the targets so the final renames are atomic.
const stagingPrefix = ".podpatterns-render-"

// File modes of the output: world-readable, because the app usually runs as another
// user than the renderer and the emptyDir is shared; never writable by the app.
const (
	fileMode os.FileMode = 0o644
	dirMode  os.FileMode = 0o755
)

// writeAll writes files into dir so that a reader never sees a partly written file and
// a failed run leaves the previous content alone:
//
//  1. leftovers of a crashed earlier run (staging directories) are removed;
//  2. every file is written and fsynced into a fresh staging directory inside dir; any
//     error here aborts with dir untouched;
//  3. each staged file is renamed over its target (atomic per file), then the
//     directories are fsynced and the staging directory removed.
//
// Step 3 cannot fail half-way for lack of space (the data is already on disk); a crash
// during it leaves a mix of old and new files, which the restarted init container
// overwrites before the app container is started (the kubelet starts app containers only
// after every init container succeeded).
func writeAll(dir string, files map[string][]byte) error {
	if err := removeStaging(dir); err != nil {
		return err
	}
	staging, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	names := sortedNames(files)
	for _, name := range names {
		if err := writeSynced(filepath.Join(staging, filepath.FromSlash(name)), files[name]); err != nil {
			return err
		}
	}
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), dirMode); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(staging, filepath.FromSlash(name)), target); err != nil {
			return err
		}
	}
	return syncDirs(dir, names)
}

// removeStaging deletes staging directories left by a run that crashed.
func removeStaging(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), stagingPrefix) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeSynced writes data to a new file (and its parent directories) and fsyncs it.
func writeSynced(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), dirMode); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	// The umask may have narrowed the mode; the app must be able to read the file.
	return os.Chmod(name, fileMode)
}

// syncDirs fsyncs dir and every directory holding a written file, so the renames are
// durable.
func syncDirs(dir string, names []string) error {
	seen := map[string]bool{}
	for _, name := range append([]string{"."}, names...) {
		d := filepath.Join(dir, filepath.FromSlash(path.Dir(name)))
		if seen[d] {
			continue
		}
		seen[d] = true
		f, err := os.Open(d)
		if err != nil {
			return err
		}
		serr := f.Sync()
		if err := errors.Join(serr, f.Close()); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	return nil
}
