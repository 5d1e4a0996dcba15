package release

import (
	"archive/tar"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// TestImage: the released image index holds linux/amd64 and linux/arm64; each runs the
// binary as 65532 with `serve` by default and says where it comes from in OCI labels;
// the host's binary reports the release's version and commit (the linker flags hit real
// variables). The layout directory and the tarball hold the same index.
func TestImage(t *testing.T) {
	r := distOrFail(t)
	idx := readIndex(t, filepath.Join(r.dir, "podpatterns-"+r.version+"-image"))
	fromTar := t.TempDir()
	untar(t, filepath.Join(r.dir, "podpatterns-"+r.version+"-image.oci.tar"), fromTar)
	if a, b := digestOf(t, idx), digestOf(t, readIndex(t, fromTar)); a != b {
		t.Errorf("the layout directory's index %s and the tarball's %s differ", a, b)
	}
	for _, arch := range []string{"amd64", "arm64"} {
		img := imageFor(t, idx, arch)
		cf, err := img.ConfigFile()
		if err != nil {
			t.Fatal(err)
		}
		checkImageConfig(t, r, cf)
		if cf.OS != "linux" || cf.Architecture != arch {
			t.Errorf("the %s entry's config says %s/%s", arch, cf.OS, cf.Architecture)
		}
		if arch != runtime.GOARCH {
			continue
		}
		bin := extract(t, img, "podpatterns")
		out, err := exec.Command(bin, "version").CombinedOutput()
		if err != nil {
			t.Fatalf("podpatterns version: %v\n%s", err, out)
		}
		want := "podpatterns " + r.version + " (commit " + r.commit + ", go"
		if !strings.HasPrefix(string(out), want) {
			t.Errorf("version printed %q, want prefix %q", out, want)
		}
	}
}

func checkImageConfig(t *testing.T, r release, cf *v1.ConfigFile) {
	t.Helper()
	c := cf.Config
	if c.User != "65532:65532" || !slices.Equal(c.Entrypoint, []string{"/podpatterns"}) || !slices.Equal(c.Cmd, []string{"serve"}) {
		t.Errorf("%s: user %q entrypoint %q cmd %q", cf.Architecture, c.User, c.Entrypoint, c.Cmd)
	}
	for k, want := range map[string]string{
		"org.opencontainers.image.source":   "https://github.com/podpatterns/podpatterns",
		"org.opencontainers.image.version":  r.version,
		"org.opencontainers.image.revision": r.commit,
	} {
		if c.Labels[k] != want {
			t.Errorf("%s: label %s = %q, want %q", cf.Architecture, k, c.Labels[k], want)
		}
	}
}

// readIndex reads an OCI layout directory whose index.json has exactly one entry, a
// multi-platform index (what `crane push DIR` pushes as one tag), and returns it.
func readIndex(t *testing.T, dir string) v1.ImageIndex {
	t.Helper()
	l, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := l.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 1 || !m.Manifests[0].MediaType.IsIndex() {
		t.Fatalf("index.json has %d entries (%v), want one image index", len(m.Manifests), m.Manifests)
	}
	idx, err := l.ImageIndex(m.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// imageFor is the index's linux/arch image.
func imageFor(t *testing.T, idx v1.ImageIndex, arch string) v1.Image {
	t.Helper()
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Manifests {
		if d.Platform != nil && d.Platform.OS == "linux" && d.Platform.Architecture == arch {
			img, err := idx.Image(d.Digest)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
	}
	t.Fatalf("no linux/%s entry in the index: %v", arch, m.Manifests)
	return nil
}

func digestOf(t *testing.T, idx v1.ImageIndex) v1.Hash {
	t.Helper()
	d, err := idx.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// extract writes the file at path (no leading slash) of the flattened image to a temp
// file, executable.
func extract(t *testing.T, img v1.Image, path string) string {
	t.Helper()
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s not in the image: %v", path, err)
		}
		if strings.TrimPrefix(h.Name, "./") != path {
			continue
		}
		out := filepath.Join(t.TempDir(), filepath.Base(path))
		f, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, tr); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return out
	}
}

func untar(t *testing.T, tarball, dir string) {
	t.Helper()
	f, err := os.Open(tarball)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dir, filepath.Clean("/"+h.Name))
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(target, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
