package main

import (
	"fmt"

	"github.com/Masterminds/semver/v3"
)

// The release directory's file names.
const (
	NotesFile = "RELEASE_NOTES.md"
	SumsFile  = "SHA256SUMS"
)

// ImageFile is the image tarball's name in the release directory.
func ImageFile(version string) string { return "podpatterns-" + version + "-image.oci.tar" }

// ChartFile is the packaged chart's name: what `helm package` writes and what an OCI
// registry expects (NAME-VERSION.tgz).
func ChartFile(version string) string { return "podpatterns-" + version + ".tgz" }

// checkVersion accepts strict semver without a leading v: a chart version, an OCI tag
// and a changelog heading at once.
func checkVersion(v string) error {
	if _, err := semver.StrictNewVersion(v); err != nil {
		return fmt.Errorf("-version %q: not a semantic version like 0.1.0 (%v)", v, err)
	}
	return nil
}
