package nodestack

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/podpatterns/podpatterns/hack/image"
)

// The Immutable Configuration data image: what a platform team builds FROM busybox
// (the book's way), its configuration under /config, and a busybox `cp` for copy mode.
const (
	DataImage = "podpatterns.test/config-data:1"
	// BusyboxPath is the static busybox the image's /bin/cp is (Debian busybox-static,
	// installed by test/tools/build-node.sh).
	BusyboxPath = "/bin/busybox"
)

// DataImageFiles are the data image's configuration files, relative to /config.
var DataImageFiles = map[string]string{
	"app.properties":   "greeting=hello from the data image\n",
	"nested/level.txt": "level=2\n",
}

// buildDataImage writes the data image's tarball to out.
func buildDataImage(out string) error {
	busybox, err := os.ReadFile(BusyboxPath)
	if err != nil {
		return fmt.Errorf("the config data image needs a static busybox for its cp (apt-get install busybox-static): %w", err)
	}
	files := map[string][]byte{"bin/cp": busybox}
	for name, content := range DataImageFiles {
		files["config/"+name] = []byte(content)
	}
	layerTar, err := filesTar(files)
	if err != nil {
		return err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy() // keeps the layer's diff ID
	cf.OS, cf.Architecture, cf.Created = "linux", runtime.GOARCH, v1.Time{Time: time.Unix(0, 0).UTC()}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := image.WriteTarball(tmp, DataImage, img); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// filesTar is a tar stream of files (root-owned, world-readable; bin/ executable) and
// their directories.
func filesTar(files map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	dirs := map[string]bool{}
	epoch := time.Unix(0, 0).UTC()
	for _, name := range names {
		for _, dir := range parents(name) {
			if !dirs[dir] {
				dirs[dir] = true
				if err := tw.WriteHeader(&tar.Header{Name: dir + "/", Mode: 0o755, ModTime: epoch, Typeflag: tar.TypeDir}); err != nil {
					return nil, err
				}
			}
		}
		mode := int64(0o644)
		if bytes.HasPrefix([]byte(name), []byte("bin/")) {
			mode = 0o755
		}
		data := files[name]
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: int64(len(data)), ModTime: epoch, Typeflag: tar.TypeReg}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parents lists the directories above a slash-separated path, outermost first.
func parents(name string) []string {
	var out []string
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			out = append(out, name[:i])
		}
	}
	return out
}
