package nodestack

import (
	"context"
	"os"
	"path/filepath"

	"github.com/podpatterns/podpatterns/hack/image"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// Image names the suite's pods use; nothing is pulled: containerd has them imported and
// the pods say imagePullPolicy IfNotPresent (or Never).
const (
	PodpatternsImageRepository = image.Repository
	PodpatternsImageTag        = "e2e-node"
	PodpatternsImage           = PodpatternsImageRepository + ":" + PodpatternsImageTag
	AgnhostImage               = "podpatterns.test/agnhost:1.37.2"
)

// Images are the suite's image tarballs.
type Images struct {
	Podpatterns, Agnhost, Pause, Data string
}

// Tarballs lists them for the node to import.
func (i Images) Tarballs() []string { return []string{i.Pause, i.Agnhost, i.Podpatterns, i.Data} }

// buildImages builds podpatterns from this checkout into dir, and agnhost and the
// sandbox image from the node's agnhost binary next to it (cached: they change only
// with the binary).
func buildImages(ctx context.Context, dir, assetDir string) (Images, error) {
	root, err := cluster.RepoRoot()
	if err != nil {
		return Images{}, err
	}
	bin := filepath.Join(dir, "podpatterns")
	if err := image.GoBuild(ctx, root, bin, "e2e-node", "local"); err != nil {
		return Images{}, err
	}
	imgs := Images{
		Podpatterns: filepath.Join(dir, "podpatterns-image.tar"),
		Agnhost:     filepath.Join(assetDir, "agnhost-image.tar"),
		Pause:       filepath.Join(assetDir, "pause-image.tar"),
		Data:        filepath.Join(dir, "config-data-image.tar"),
	}
	if err := buildDataImage(imgs.Data); err != nil {
		return Images{}, err
	}
	spec := image.Podpatterns("e2e-node", "local")
	spec.Ref = PodpatternsImage
	agnhost := filepath.Join(assetDir, cluster.BinaryAgnhost)
	for _, b := range []struct {
		spec      image.Spec
		binary    string
		out       string
		cacheable bool
	}{
		{spec, bin, imgs.Podpatterns, false},
		{image.Agnhost(AgnhostImage), agnhost, imgs.Agnhost, true},
		{image.Pause(cluster.SandboxImage), agnhost, imgs.Pause, true},
	} {
		if b.cacheable && newer(b.out, b.binary) {
			continue
		}
		if err := buildImage(b.spec, b.binary, b.out); err != nil {
			return Images{}, err
		}
	}
	return imgs, nil
}

func buildImage(spec image.Spec, binary, out string) error {
	img, err := image.Build(spec, binary)
	if err != nil {
		return err
	}
	if err := image.Verify(img, spec); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := image.WriteTarball(tmp, spec.Ref, img); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// newer reports whether path exists and is newer than than.
func newer(path, than string) bool {
	a, errA := os.Stat(path)
	b, errB := os.Stat(than)
	return errA == nil && errB == nil && a.ModTime().After(b.ModTime())
}
