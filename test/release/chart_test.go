package release

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint/support"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestPackagedChart: the packaged chart is what an OCI registry takes (NAME-VERSION.tgz,
// semver), its version and appVersion (the default image tag) are the release's, and
// `helm lint` finds nothing on the archive itself.
func TestPackagedChart(t *testing.T) {
	r := distOrFail(t)
	tgz := filepath.Join(r.dir, "podpatterns-"+r.version+".tgz")
	ch, err := loader.LoadFile(tgz)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Metadata.Name != "podpatterns" || ch.Metadata.Version != r.version || ch.Metadata.AppVersion != r.version {
		t.Errorf("chart %s version %s appVersion %s", ch.Metadata.Name, ch.Metadata.Version, ch.Metadata.AppVersion)
	}
	if ch.Schema == nil || len(ch.Templates) == 0 {
		t.Error("values.schema.json or templates missing from the archive")
	}
	// `helm lint podpatterns-V.tgz` expands the archive and lints the directory: so does this.
	dir := t.TempDir()
	if err := chartutil.ExpandFile(dir, tgz); err != nil {
		t.Fatal(err)
	}
	msgs, err := chartrender.Lint(chartrender.Options{ChartDir: filepath.Join(dir, "podpatterns")}, support.WarningSev)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		t.Errorf("helm lint: %s", m)
	}
}

// TestChecksumsAndNotes: SHA256SUMS covers every other file of the release (the image
// layout's too: `sha256sum -c` checks all) and matches;
// the release notes are the version's changelog section.
func TestChecksumsAndNotes(t *testing.T) {
	r := distOrFail(t)
	f, err := os.Open(filepath.Join(r.dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("not sha256sum format: %q", sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(r.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if h := sha256.Sum256(data); hex.EncodeToString(h[:]) != sum {
			t.Errorf("%s: checksum mismatch", name)
		}
		listed[name] = true
	}
	err = filepath.WalkDir(r.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(r.dir, path)
		if rel = filepath.ToSlash(rel); rel != "SHA256SUMS" && !listed[rel] {
			t.Errorf("%s is not in SHA256SUMS", rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	notes, err := os.ReadFile(filepath.Join(r.dir, "RELEASE_NOTES.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(notes), "## "+r.version+" ") || strings.Count(string(notes), "\n## ") != 0 {
		t.Errorf("release notes are not exactly the %s section:\n%s", r.version, notes)
	}
}
