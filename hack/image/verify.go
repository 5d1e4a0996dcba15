package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// Reasons Verify rejects an image for.
const (
	ReasonNoBinary     = "the binary is not in the image"
	ReasonNotExec      = "the binary is not executable"
	ReasonHasShell     = "the image has a shell"
	ReasonConfigDiffer = "the image config differs from the spec"
)

// Verify checks that img is what spec says: the binary at spec.Path, executable, no
// shell, and the config (user, entrypoint, cmd, ports, labels) equal to the spec's.
func Verify(img v1.Image, spec Spec) error {
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	c := cf.Config
	ports := slices.Sorted(maps.Keys(c.ExposedPorts))
	if c.User != spec.User || !slices.Equal(c.Entrypoint, spec.Entrypoint) || !slices.Equal(c.Cmd, spec.Cmd) ||
		!slices.Equal(ports, slices.Sorted(slices.Values(spec.ExposedPorts))) || !maps.Equal(c.Labels, spec.Labels) {
		return fmt.Errorf("%s: user %q entrypoint %q cmd %q ports %q labels %v", ReasonConfigDiffer, c.User, c.Entrypoint, c.Cmd, ports, c.Labels)
	}
	files, err := listFiles(img)
	if err != nil {
		return err
	}
	mode, ok := files[strings.TrimPrefix(spec.Path, "/")]
	switch {
	case !ok:
		return fmt.Errorf("%s: no %s among %d files", ReasonNoBinary, spec.Path, len(files))
	case mode&0o111 == 0:
		return fmt.Errorf("%s: %s has mode %o", ReasonNotExec, spec.Path, mode)
	}
	for _, sh := range []string{"bin/sh", "bin/bash", "busybox"} {
		if _, ok := files[sh]; ok {
			return fmt.Errorf("%s: /%s", ReasonHasShell, sh)
		}
	}
	return nil
}

// listFiles maps each file of the flattened image to its mode.
func listFiles(img v1.Image) (map[string]int64, error) {
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	files := map[string]int64{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		files[strings.TrimPrefix(hdr.Name, "./")] = hdr.Mode
	}
}
