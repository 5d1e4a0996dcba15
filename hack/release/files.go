package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeChecksums writes SumsFile in `sha256sum` format for files (names in dir).
func writeChecksums(dir string, files []string) error {
	var b bytes.Buffer
	for _, name := range files {
		sum, err := fileSHA256(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, name)
	}
	return os.WriteFile(filepath.Join(dir, SumsFile), b.Bytes(), 0o644)
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// releaseNotes returns the `## VERSION` section of the changelog (heading included, up
// to the next `## `); a release without its entry is refused.
func releaseNotes(changelog, version string) ([]byte, error) {
	f, err := os.Open(changelog)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out bytes.Buffer
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			if in {
				break
			}
			heading := strings.Fields(strings.TrimPrefix(line, "## "))
			in = len(heading) > 0 && strings.Trim(heading[0], "[]") == version
		}
		if in {
			out.WriteString(line + "\n")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if out.Len() == 0 {
		return nil, fmt.Errorf("%s has no `## %s` section: write the release's changelog entry first", changelog, version)
	}
	return out.Bytes(), nil
}

// filesUnder lists the regular files under dir as paths relative to root, slash
// separated, in lexical order (SHA256SUMS lists each: `sha256sum -c` checks them all).
func filesUnder(root, dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	return files, err
}
