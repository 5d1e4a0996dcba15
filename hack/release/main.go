// Command release assembles a podpatterns release in one directory (`make release`):
//
//	podpatterns-VERSION-OS-ARCH[.exe]  the command for linux, darwin and windows on amd64 and
//	                                   arm64 (inject, validate, check-config, drift in CI)
//	podpatterns-VERSION-image/         the image index (linux/amd64, linux/arm64) as an OCI
//	                                   layout: `crane push DIR REF`, `skopeo copy oci:DIR docker://REF`
//	podpatterns-VERSION-image.oci.tar  the same layout as a tarball: `skopeo copy oci-archive:`,
//	                                   `ctr images import --all-platforms`
//	podpatterns-VERSION.spdx.json      SPDX 2.3 SBOM: every binary and the Go modules it links
//	podpatterns-VERSION.tgz            the Helm chart, version and appVersion = VERSION
//	                                   (`helm push podpatterns-VERSION.tgz oci://REGISTRY/charts`)
//	RELEASE_NOTES.md                   VERSION's section of CHANGELOG.md
//	SHA256SUMS                         `sha256sum -c SHA256SUMS` checks every file above
//
// Everything is built here, without a daemon (hack/image); test/release checks the
// result (each binary's format and platform, the index pushed to a registry and pulled
// per platform, the SBOM, the chart, the checksums).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run() error {
	version := flag.String("version", "", "the release version, semver without a leading v (e.g. 0.1.0)")
	commit := flag.String("commit", "unknown", "the commit stamped into the binaries and the image labels")
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
	files, err := assemble(context.Background(), *version, *commit, *chartDir, *out)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, NotesFile), notes, 0o644); err != nil {
		return err
	}
	files = append(files, NotesFile)
	if err := writeChecksums(*out, files); err != nil {
		return err
	}
	fmt.Printf("release %s in %s: %d files + %s\n", *version, *out, len(files), SumsFile)
	return nil
}

// assemble builds the binaries, the image index, the SBOM and the chart into out and
// returns their file names.
func assemble(ctx context.Context, version, commit, chartDir, out string) ([]string, error) {
	binaries, err := buildBinaries(ctx, version, commit, out)
	if err != nil {
		return nil, err
	}
	imageFiles, err := buildImage(version, commit, out)
	if err != nil {
		return nil, err
	}
	if err := writeSBOM(out, version, binaries, sourceDate()); err != nil {
		return nil, err
	}
	if err := packageChart(chartDir, version, filepath.Join(out, ChartFile(version))); err != nil {
		return nil, err
	}
	files := append(binaries, imageFiles...)
	return append(files, SBOMFile(version), ChartFile(version)), nil
}

// sourceDate is $SOURCE_DATE_EPOCH (the Makefile passes the commit's time), else the
// Unix epoch: never the build's clock, so a rebuild writes the same SBOM.
func sourceDate() time.Time {
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		return time.Unix(s, 0)
	}
	return time.Unix(0, 0)
}
