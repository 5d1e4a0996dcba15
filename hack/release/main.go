// Command release assembles a podpatterns release in one directory (`make release`):
//
//	podpatterns-VERSION-image.oci.tar  the image (`make image`, hack/image: an OCI layout tarball;
//	                                   `crane push`, `skopeo copy oci-archive:`, `ctr images import`)
//	podpatterns-VERSION.tgz            the Helm chart, version and appVersion = VERSION
//	                                   (`helm push podpatterns-VERSION.tgz oci://REGISTRY/charts`)
//	RELEASE_NOTES.md                   VERSION's section of CHANGELOG.md
//	SHA256SUMS                         `sha256sum -c SHA256SUMS` checks every file above
//
// test/release checks the result (image config, the binary's version output, the
// packaged chart's lint, the checksums).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run() error {
	version := flag.String("version", "", "the release version, semver without a leading v (e.g. 0.1.0)")
	image := flag.String("image", "bin/podpatterns-image.tar", "the image tarball `make image` (hack/image) wrote")
	chartDir := flag.String("chart", "charts/podpatterns", "the chart directory")
	changelog := flag.String("changelog", "CHANGELOG.md", "the changelog with a `## VERSION` section")
	out := flag.String("out", "dist", "the release directory (emptied first)")
	flag.Parse()

	if err := checkVersion(*version); err != nil {
		return err
	}
	notes, err := releaseNotes(*changelog, *version)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(*out); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	files := []string{ImageFile(*version), ChartFile(*version), NotesFile}
	if err := copyFile(*image, filepath.Join(*out, files[0])); err != nil {
		return fmt.Errorf("the image tarball (run `make image` first): %w", err)
	}
	if err := packageChart(*chartDir, *version, filepath.Join(*out, files[1])); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, NotesFile), notes, 0o644); err != nil {
		return err
	}
	if err := writeChecksums(*out, files); err != nil {
		return err
	}
	fmt.Printf("release %s in %s: %v + %s\n", *version, *out, files, SumsFile)
	return nil
}
