package main

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryTestPackageRunsInMakeTest: each package with tests is run by `make test`,
// either by `make unit` (every package its UNIT_PKGS filter keeps) or by a target `test`
// depends on that names it. A package left out of both has tests nobody runs.
func TestEveryTestPackageRunsInMakeTest(t *testing.T) {
	mk := readRepoFile(t, "Makefile")
	m := regexp.MustCompile(`(?m)^UNIT_PKGS = .*grep -vE '([^']+)'`).FindStringSubmatch(mk)
	if m == nil {
		t.Fatal("no `UNIT_PKGS = ... grep -vE '...'` line in the Makefile")
	}
	excluded := regexp.MustCompile(strings.ReplaceAll(m[1], "$$", "$"))
	suites := suiteRecipes(t, mk)
	for _, dir := range testPackageDirs(t) {
		pkg := "./" + dir
		if !excluded.MatchString(pkg) {
			continue // make unit runs it
		}
		if !regexp.MustCompile(regexp.QuoteMeta(pkg) + `(/\.\.\.)?(\s|$)`).MatchString(suites) {
			t.Errorf("%s has tests, UNIT_PKGS leaves it out and no target of `make test` names it", pkg)
		}
	}
}

// suiteRecipes is the text of the recipes of `test`'s prerequisites, with the Makefile's
// simple variables (NAME = value) expanded.
func suiteRecipes(t *testing.T, mk string) string {
	t.Helper()
	pre := regexp.MustCompile(`(?m)^test: ([^#]*)##`).FindStringSubmatch(mk)
	if pre == nil {
		t.Fatal("no `test: ... ##` target in the Makefile")
	}
	var b strings.Builder
	for _, target := range strings.Fields(pre[1]) {
		rec := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:.*\n((?:\t.*\n)*)`).FindStringSubmatch(mk)
		if rec == nil {
			t.Fatalf("`test` depends on %s, which has no rule", target)
		}
		b.WriteString(rec[1])
	}
	out := b.String()
	for _, v := range regexp.MustCompile(`(?m)^([A-Z0-9_]+) = (.*)$`).FindAllStringSubmatch(mk, -1) {
		out = strings.ReplaceAll(out, "$("+v[1]+")", v[2])
	}
	return out
}

// testPackageDirs lists the repository's directories holding _test.go files.
func testPackageDirs(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != repoRoot && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bin" || name == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, "_test.go") {
			return nil
		}
		dir, err := filepath.Rel(repoRoot, filepath.Dir(path))
		if err == nil && !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, filepath.ToSlash(dir))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d packages with tests under %s", len(dirs), repoRoot)
	}
	return dirs
}
