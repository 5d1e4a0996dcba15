package image

import (
	"archive/tar"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// fakeBinary writes a small file standing for the static binary.
func fakeBinary(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "podpatterns")
	if err := os.WriteFile(p, []byte("\x7fELF not really"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBuildVerifies(t *testing.T) {
	spec := Podpatterns("v1.2.3", "0123abc")
	img, err := Build(spec, fakeBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(img, spec); err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	if cf.Config.Labels["org.opencontainers.image.version"] != "v1.2.3" || cf.Config.Labels["org.opencontainers.image.revision"] != "0123abc" {
		t.Errorf("version and commit not stamped in the labels: %v", cf.Config.Labels)
	}
}

// TestBuildIsReproducible: the same binary gives the same digest.
func TestBuildIsReproducible(t *testing.T) {
	spec, bin := Podpatterns("v1", "c"), fakeBinary(t)
	a, _ := Build(spec, bin)
	b, _ := Build(spec, bin)
	da, errA := a.Digest()
	db, errB := b.Digest()
	if errA != nil || errB != nil || da != db {
		t.Fatalf("digests %v %v (%v %v)", da, db, errA, errB)
	}
}

// TestVerifyRejects is the negative control of the image checks: an image without the
// binary, with a non-executable one, with a shell, or with another user fails.
func TestVerifyRejects(t *testing.T) {
	spec := Podpatterns("v1", "c")
	noBinary, err := withConfig(empty.Image, spec)
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(t.TempDir(), "podpatterns")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notExec, _ := Build(spec, plain)
	withShell := withFile(t, mustBuild(t, spec), "bin/sh")
	rootSpec := spec
	rootSpec.User = ""
	root, _ := Build(rootSpec, fakeBinary(t))
	for name, tc := range map[string]struct {
		img    v1.Image
		reason string
	}{
		"no binary":      {noBinary, ReasonNoBinary},
		"not executable": {notExec, ReasonNotExec},
		"shell":          {withShell, ReasonHasShell},
		"root user":      {root, ReasonConfigDiffer},
	} {
		err := Verify(tc.img, spec)
		if err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: Verify = %v, want %q", name, err, tc.reason)
		}
	}
}

func mustBuild(t *testing.T, spec Spec) v1.Image {
	t.Helper()
	img, err := Build(spec, fakeBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// withFile adds a layer with an executable file at name.
func withFile(t *testing.T, img v1.Image, name string) v1.Image {
	t.Helper()
	layer, err := Layer([]File{{Name: name, Data: []byte("#!"), Mode: 0o755}})
	if err != nil {
		t.Fatal(err)
	}
	img, err = mutate.AppendLayers(img, layer)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestWriteTarball: an OCI layout whose index names the image for ctr import.
func TestWriteTarball(t *testing.T) {
	spec := Podpatterns("v1", "c")
	img, err := Build(spec, fakeBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "img.tar")
	if err := WriteTarball(out, spec.Ref, img); err != nil {
		t.Fatal(err)
	}
	files := readTar(t, out)
	if string(files["oci-layout"]) == "" {
		t.Fatalf("no oci-layout file among %d entries", len(files))
	}
	var idx struct {
		Manifests []struct {
			Digest      string
			Annotations map[string]string
		}
	}
	if err := json.Unmarshal(files["index.json"], &idx); err != nil || len(idx.Manifests) != 1 {
		t.Fatalf("index.json: %v %s", err, files["index.json"])
	}
	m := idx.Manifests[0]
	digest, _ := img.Digest()
	if m.Digest != digest.String() || m.Annotations[AnnotationContainerdName] != spec.Ref {
		t.Errorf("index entry %+v, want digest %s named %s", m, digest, spec.Ref)
	}
	if _, ok := files["blobs/sha256/"+digest.Hex]; !ok {
		t.Errorf("the manifest blob is missing")
	}
}

func readTar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	files := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		files[hdr.Name] = b
	}
}
