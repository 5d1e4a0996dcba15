package main

import (
	"context"
	"fmt"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/podpatterns/podpatterns/hack/image"
)

// buildBinaries cross-compiles the command for every platform into out and returns the
// file names, in image.CLIPlatforms order. The image's binaries are the linux ones: one
// build per platform serves both.
func buildBinaries(ctx context.Context, version, commit, out string) ([]string, error) {
	var files []string
	for _, p := range image.CLIPlatforms {
		name := BinaryFile(version, p)
		fmt.Printf("release: go build for %s\n", p)
		if err := image.GoBuildFor(ctx, ".", filepath.Join(out, name), version, commit, p); err != nil {
			return nil, err
		}
		files = append(files, name)
	}
	return files, nil
}

// buildImage assembles the image for every image platform from its linux binary in out,
// and writes the index as an OCI layout directory and as its tarball.
func buildImage(version, commit, out string) ([]string, error) {
	spec := image.Podpatterns(version, commit)
	var imgs []v1.Image
	for _, p := range image.ImagePlatforms {
		s := spec
		s.Arch = p.Arch
		img, err := image.Build(s, filepath.Join(out, BinaryFile(version, p)))
		if err != nil {
			return nil, fmt.Errorf("the %s image: %w", p, err)
		}
		imgs = append(imgs, img)
	}
	idx, err := image.Index(imgs)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(out, ImageDir(version))
	if err := image.WriteIndexLayout(dir, spec.Ref, idx); err != nil {
		return nil, err
	}
	layoutFiles, err := filesUnder(out, dir)
	if err != nil {
		return nil, err
	}
	if err := image.TarLayout(dir, filepath.Join(out, ImageFile(version))); err != nil {
		return nil, err
	}
	return append(layoutFiles, ImageFile(version)), nil
}
