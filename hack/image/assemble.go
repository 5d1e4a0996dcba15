package image

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// epoch is every timestamp in the image (file times, creation): the same binary gives
// the same image digest, build after build.
var epoch = time.Unix(0, 0).UTC()

// Build assembles the image: an empty base, one layer with the binary at spec.Path
// (root-owned, its mode kept, like a Dockerfile COPY), the config from spec, OCI media types.
func Build(spec Spec, binary string) (v1.Image, error) {
	data, err := os.ReadFile(binary)
	if err != nil {
		return nil, fmt.Errorf("reading the binary: %w", err)
	}
	info, err := os.Stat(binary)
	if err != nil {
		return nil, err
	}
	layer, err := Layer([]File{{Name: strings.TrimPrefix(spec.Path, "/"), Data: data, Mode: int64(info.Mode().Perm())}})
	if err != nil {
		return nil, err
	}
	return FromLayer(layer, spec)
}

// FromLayer is the image of one layer on an empty base with spec's config (Ref and
// Path aside), for linux on spec.Arch (default: this machine's), created at epoch, OCI media types.
func FromLayer(layer v1.Layer, spec Spec) (v1.Image, error) {
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return nil, err
	}
	return withConfig(img, spec)
}

// withConfig sets the runtime config, platform and creation time.
func withConfig(img v1.Image, spec Spec) (v1.Image, error) {
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", spec.Arch
	if cf.Architecture == "" {
		cf.Architecture = runtime.GOARCH
	}
	cf.Created = v1.Time{Time: epoch}
	cf.Config = v1.Config{
		User:       spec.User,
		Entrypoint: spec.Entrypoint,
		Cmd:        spec.Cmd,
		Labels:     spec.Labels,
	}
	if len(spec.ExposedPorts) > 0 {
		cf.Config.ExposedPorts = map[string]struct{}{}
		for _, p := range spec.ExposedPorts {
			cf.Config.ExposedPorts[p] = struct{}{}
		}
	}
	return mutate.ConfigFile(img, cf)
}
