package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
)

// TestLayerHoldsFilesAndTheirDirectories: every file with its mode, the directories
// above it once each before it, in name order whatever the order given; the same files
// in another order give the same digest.
func TestLayerHoldsFilesAndTheirDirectories(t *testing.T) {
	files := []File{
		{Name: "config/nested/level.txt", Data: []byte("level=2\n"), Mode: 0o644},
		{Name: "bin/cp", Data: []byte("\x7fELF"), Mode: 0o755},
		{Name: "config/app.properties", Data: []byte("greeting=hello\n"), Mode: 0o644},
	}
	got := layerEntries(t, files)
	want := []string{
		"bin/ dir 755", "bin/cp file 755",
		"config/ dir 755", "config/app.properties file 644",
		"config/nested/ dir 755", "config/nested/level.txt file 644",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("layer entries\n got %q\nwant %q", got, want)
	}
	a, b := layerDigest(t, files), layerDigest(t, []File{files[2], files[0], files[1]})
	if a != b {
		t.Fatalf("the same files in another order gave digests %s and %s", a, b)
	}
}

func layerEntries(t *testing.T, files []File) []string {
	t.Helper()
	layer, err := Layer(files)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := layer.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var out []string
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		kind := map[byte]string{tar.TypeDir: "dir", tar.TypeReg: "file"}[hdr.Typeflag]
		out = append(out, fmt.Sprintf("%s %s %o", hdr.Name, kind, hdr.Mode))
	}
}

func layerDigest(t *testing.T, files []File) string {
	t.Helper()
	layer, err := Layer(files)
	if err != nil {
		t.Fatal(err)
	}
	d, err := layer.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}
