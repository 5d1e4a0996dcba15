package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/webhook"
)

// repoRoot is the repository, seen from this package's directory.
const repoRoot = "../.."

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// section returns the part of a markdown document under heading, up to the next one of
// the same level.
func section(t *testing.T, doc, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("no %q section", heading)
	}
	level := heading[:strings.Index(heading, " ")+1]
	if i := strings.Index(rest, "\n"+level); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// TestDesignPackageMapListsEveryPackage: docs/design.md's package map names every Go
// package directory of the repository, and nothing that is not one.
func TestDesignPackageMapListsEveryPackage(t *testing.T) {
	packageMap := section(t, readRepoFile(t, "docs/design.md"), "## Package map")
	dirs := map[string]bool{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != repoRoot) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(repoRoot, filepath.Dir(path))
			dirs[filepath.ToSlash(rel)+"/"] = true
		}
		return nil
	})
	if err != nil || len(dirs) < 10 {
		t.Fatalf("walking the repository: %v (%d package dirs)", err, len(dirs))
	}
	for dir := range dirs {
		if !strings.Contains(packageMap, "| `"+dir+"` |") {
			t.Errorf("docs/design.md's package map does not list %s", dir)
		}
	}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z/]+/)` \\|").FindAllStringSubmatch(packageMap, -1) {
		if !dirs[m[1]] {
			t.Errorf("docs/design.md's package map lists %s, which holds no Go package", m[1])
		}
	}
}

// TestDesignListsEveryCommand: the CLI section names every registered command.
func TestDesignListsEveryCommand(t *testing.T) {
	cli := section(t, readRepoFile(t, "docs/design.md"), "## CLI")
	for _, c := range newRootCommand().Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if !strings.Contains(cli, "`podpatterns "+c.Name()) {
			t.Errorf("docs/design.md's CLI section does not describe %q", c.Name())
		}
	}
}

// TestDesignListsEveryMetric: the metrics section names every podpatterns_* metric.
func TestDesignListsEveryMetric(t *testing.T) {
	metrics := section(t, readRepoFile(t, "docs/design.md"), "## Metrics")
	names := append(metricNames(webhook.NewMetrics(prometheus.NewRegistry())), certs.MetricServingCertificateExpiry)
	if len(names) < 9 {
		t.Fatalf("only %d metrics found", len(names))
	}
	for _, name := range names {
		if !strings.Contains(metrics, "`"+name+"`") {
			t.Errorf("docs/design.md's metrics section does not list %s", name)
		}
	}
}

// metricNames describes every collector of m and returns the metric names.
func metricNames(m *webhook.Metrics) []string {
	fqName := regexp.MustCompile(`fqName: "([^"]+)"`)
	var names []string
	v := reflect.ValueOf(m).Elem()
	for i := range v.NumField() {
		c, ok := v.Field(i).Interface().(prometheus.Collector)
		if !ok {
			continue
		}
		ch := make(chan *prometheus.Desc, 4)
		c.Describe(ch)
		close(ch)
		for d := range ch {
			if m := fqName.FindStringSubmatch(d.String()); m != nil {
				names = append(names, m[1])
			}
		}
	}
	return names
}

// TestREADMEListsEveryMakeTarget: the README's `make help` sentence names every
// documented Makefile target.
func TestREADMEListsEveryMakeTarget(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	_, list, ok := strings.Cut(readme, "`make help` lists every target:")
	if !ok {
		t.Fatal("README has no `make help` sentence")
	}
	list, _, _ = strings.Cut(list, ".\n")
	targets := regexp.MustCompile(`(?m)^([a-zA-Z0-9_-]+):.*## `).FindAllStringSubmatch(readRepoFile(t, "Makefile"), -1)
	if len(targets) < 10 {
		t.Fatalf("only %d documented targets in the Makefile", len(targets))
	}
	for _, m := range targets {
		if !strings.Contains(list, "`"+m[1]+"`") {
			t.Errorf("README's make help list lacks %s", m[1])
		}
	}
}

// TestNothingPointsOutsideTheRepository: the design lives in docs/design.md; no other
// file cites the starting contract that lived outside the repository.
func TestNothingPointsOutsideTheRepository(t *testing.T) {
	forbidden := regexp.MustCompile(`DESIGN` + `\.md|\.\./` + `shared/`)
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "bin" || strings.HasPrefix(d.Name(), ".") && path != repoRoot) {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(repoRoot, path)
		if d.IsDir() || filepath.ToSlash(rel) == "docs/design.md" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := forbidden.FindIndex(data); loc != nil {
			t.Errorf("%s cites %q; point to docs/design.md", rel, data[loc[0]:loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
