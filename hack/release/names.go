package main

import (
	"fmt"

	"github.com/Masterminds/semver/v3"

	"github.com/podpatterns/podpatterns/hack/image"
)

// The release directory's file names.
const (
	NotesFile = "RELEASE_NOTES.md"
	SumsFile  = "SHA256SUMS"
)

// ImageFile is the image index as an OCI layout tarball in the release directory.
func ImageFile(version string) string { return "podpatterns-" + version + "-image.oci.tar" }

// ImageDir is the same image index as an OCI layout directory: what `crane push DIR REF`
// and `skopeo copy oci:DIR` read.
func ImageDir(version string) string { return "podpatterns-" + version + "-image" }

// ChartFile is the packaged chart's name: what `helm package` writes and what an OCI
// registry expects (NAME-VERSION.tgz).
func ChartFile(version string) string { return "podpatterns-" + version + ".tgz" }

// BinaryFile is the command-line binary for p: podpatterns-VERSION-OS-ARCH[.exe].
func BinaryFile(version string, p image.Platform) string {
	return "podpatterns-" + version + "-" + p.OS + "-" + p.Arch + p.Exe()
}

// SBOMFile is the SPDX software bill of materials of every binary (the image's too).
func SBOMFile(version string) string { return "podpatterns-" + version + ".spdx.json" }

// checkVersion accepts strict semver without a leading v: a chart version, an OCI tag
// and a changelog heading at once.
func checkVersion(v string) error {
	if _, err := semver.StrictNewVersion(v); err != nil {
		return fmt.Errorf("-version %q: not a semantic version like 0.1.0 (%v)", v, err)
	}
	return nil
}
