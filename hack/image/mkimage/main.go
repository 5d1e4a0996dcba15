// Command mkimage builds a container image without Docker into an OCI layout tarball
// (`make image`; the node suite builds its agnhost and sandbox images with it too).
//
//	mkimage -kind podpatterns -version v0.1.0 -commit $(git rev-parse HEAD) -out bin/podpatterns-image.tar
//	mkimage -kind agnhost -binary /path/to/agnhost -ref podpatterns.test/agnhost:1.37.2 -out agnhost.tar
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/podpatterns/podpatterns/hack/image"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mkimage:", err)
		os.Exit(1)
	}
}

func run() error {
	kind := flag.String("kind", "podpatterns", "podpatterns, agnhost or pause")
	binary := flag.String("binary", "", "the static binary (podpatterns: built from this module when empty)")
	out := flag.String("out", "bin/podpatterns-image.tar", "the OCI layout tarball to write")
	ref := flag.String("ref", "", "the image name (podpatterns: "+image.Repository+":VERSION)")
	version := flag.String("version", "dev", "stamped into the binary and the labels")
	commit := flag.String("commit", "unknown", "stamped into the binary and the labels")
	flag.Parse()

	spec, err := specFor(*kind, *ref, *version, *commit)
	if err != nil {
		return err
	}
	if *binary == "" && *kind == "podpatterns" {
		tmp, err := os.MkdirTemp("", "mkimage-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*binary = filepath.Join(tmp, "podpatterns")
		if err := image.GoBuild(context.Background(), ".", *binary, *version, *commit); err != nil {
			return err
		}
	}
	img, err := image.Build(spec, *binary)
	if err != nil {
		return err
	}
	if err := image.Verify(img, spec); err != nil {
		return err
	}
	if err := image.WriteTarball(*out, spec.Ref, img); err != nil {
		return err
	}
	digest, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Printf("%s %s@%s\n", *out, spec.Ref, digest)
	return nil
}

func specFor(kind, ref, version, commit string) (image.Spec, error) {
	switch kind {
	case "podpatterns":
		s := image.Podpatterns(version, commit)
		if ref != "" {
			s.Ref = ref
		}
		return s, nil
	case "agnhost", "pause":
		if ref == "" {
			return image.Spec{}, fmt.Errorf("-kind %s needs -ref", kind)
		}
		if kind == "pause" {
			return image.Pause(ref), nil
		}
		return image.Agnhost(ref), nil
	}
	return image.Spec{}, fmt.Errorf("-kind must be podpatterns, agnhost or pause, not %q", kind)
}
