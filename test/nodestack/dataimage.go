package nodestack

import (
	"fmt"
	"os"

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

// buildDataImage writes the data image's tarball to out: /bin/cp executable, the
// configuration files world-readable.
func buildDataImage(out string) error {
	busybox, err := os.ReadFile(BusyboxPath)
	if err != nil {
		return fmt.Errorf("the config data image needs a static busybox for its cp (apt-get install busybox-static): %w", err)
	}
	files := []image.File{{Name: "bin/cp", Data: busybox, Mode: 0o755}}
	for name, content := range DataImageFiles {
		files = append(files, image.File{Name: "config/" + name, Data: []byte(content), Mode: 0o644})
	}
	layer, err := image.Layer(files)
	if err != nil {
		return err
	}
	img, err := image.FromLayer(layer, image.Spec{Ref: DataImage})
	if err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := image.WriteTarball(tmp, DataImage, img); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
