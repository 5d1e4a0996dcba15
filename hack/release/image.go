package main

// The image, built without Docker when `make image` (hack/image, the node suite's
// builder) is not available: the static binary in one layer on an empty base, the
// Dockerfile's runtime config, written as an OCI image layout in a tarball. It is the
// same image the Dockerfile describes minus distroless' CA bundle and tzdata, which the
// server does not use (it talks to the apiserver with the ServiceAccount's CA).

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/podpatterns/podpatterns/buildinfo"
)

// Repository is the image's name in the layout (the chart's default repository).
const Repository = "ghcr.io/podpatterns/podpatterns"

// epoch is every timestamp in the image: the same binary gives the same digest.
var epoch = time.Unix(0, 0).UTC()

// buildImage builds the binary for linux and writes the image tarball to dest.
func buildImage(version, commit, dest string) error {
	tmp, err := os.MkdirTemp("", "release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := tmp + "/podpatterns"
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w "+buildinfo.LDFlags(version, commit), "-o", bin, "./cmd/podpatterns")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+runtime.GOARCH, "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	img, err := assemble(bin, version, commit)
	if err != nil {
		return err
	}
	return writeLayout(img, Repository+":"+version, tmp+"/layout", dest)
}

// assemble puts the binary at /podpatterns, root-owned 0755, with the runtime config of
// the Dockerfile's final stage.
func assemble(bin, version, commit string) (v1.Image, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return nil, err
	}
	var layerTar bytes.Buffer
	tw := tar.NewWriter(&layerTar)
	if err := tw.WriteHeader(&tar.Header{Name: "podpatterns", Mode: 0o755, Size: int64(len(data)), ModTime: epoch, Typeflag: tar.TypeReg}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(data); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar.Bytes())), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", runtime.GOARCH, v1.Time{Time: epoch}
	cf.Config = v1.Config{
		User: "65532:65532", Entrypoint: []string{"/podpatterns"}, Cmd: []string{"serve"},
		ExposedPorts: map[string]struct{}{"9443/tcp": {}, "8080/tcp": {}, "8081/tcp": {}},
		Labels: map[string]string{
			"org.opencontainers.image.title":    "podpatterns",
			"org.opencontainers.image.source":   "https://github.com/podpatterns/podpatterns",
			"org.opencontainers.image.version":  version,
			"org.opencontainers.image.revision": commit,
		},
	}
	return mutate.ConfigFile(img, cf)
}

// writeLayout writes img as an OCI image layout named ref and packs it into dest.
func writeLayout(img v1.Image, ref, dir, dest string) error {
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	ann := map[string]string{"org.opencontainers.image.ref.name": ref, "io.containerd.image.name": ref}
	if err := p.AppendImage(img, layout.WithAnnotations(ann)); err != nil {
		return err
	}
	return tarDir(dir, dest)
}
