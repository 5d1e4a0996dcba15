package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// manifestExtensions are the files a directory given to -f contributes, as kubectl reads
// them.
var manifestExtensions = []string{".yaml", ".yml", ".json"}

// readInputs reads every -f value in order, as kubectl does: "-" is stdin (once), a file
// is read whole, a directory contributes its manifest files in lexical order (its
// subdirectories too with recursive). Nothing given is a usage error, never an empty run.
func readInputs(paths []string, recursive bool, stdin io.Reader) ([]*document, error) {
	if len(paths) == 0 {
		return nil, usageError("-f is required: a file, a directory, or - for stdin")
	}
	var docs []*document
	stdinRead := false
	for _, p := range paths {
		files, err := expandInput(p, recursive)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if f == "-" {
				if stdinRead {
					return nil, usageError("-f -: stdin can be read only once")
				}
				stdinRead = true
			}
			more, err := readDocuments(f, stdin)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			docs = append(docs, more...)
		}
	}
	return docs, nil
}

// expandInput is the files one -f value names. A missing path is a usage error, so a CI
// job with a typo fails (exit 2) instead of judging nothing.
func expandInput(path string, recursive bool) ([]string, error) {
	if path == "-" {
		return []string{path}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, usageError("-f %s: %v", path, err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != path && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		if slices.Contains(manifestExtensions, strings.ToLower(filepath.Ext(p))) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, usageError("-f %s: no %s files in the directory (-R to descend into subdirectories)", path, strings.Join(manifestExtensions, ", "))
	}
	return files, nil
}
