package image

import (
	"fmt"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Index is the multi-platform image index of imgs, each entry carrying the platform its
// config names (what a node's runtime matches when it pulls the tag).
func Index(imgs []v1.Image) (v1.ImageIndex, error) {
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, img := range imgs {
		cf, err := img.ConfigFile()
		if err != nil {
			return nil, err
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: cf.OS, Architecture: cf.Architecture}},
		})
	}
	return idx, nil
}

// WriteIndexLayout writes idx into dir (emptied first) as an OCI image layout whose
// index.json has one entry, the index, annotated with ref: `crane push DIR REF` and
// `skopeo copy oci:DIR docker://REF` push it as one multi-platform tag.
func WriteIndexLayout(dir, ref string, idx v1.ImageIndex) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	ann := map[string]string{AnnotationContainerdName: ref, AnnotationRefName: ref}
	if err := p.AppendIndex(idx, layout.WithAnnotations(ann)); err != nil {
		return fmt.Errorf("writing the OCI layout: %w", err)
	}
	return nil
}

// TarLayout packs an OCI layout directory into a reproducible tarball (fixed owners and
// times): `skopeo copy oci-archive:`, `ctr images import --all-platforms`.
func TarLayout(dir, out string) error { return tarDir(dir, out) }
