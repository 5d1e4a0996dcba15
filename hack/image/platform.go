package image

import "runtime"

// Platform is a GOOS/GOARCH pair: what a binary is built for and an image runs on.
type Platform struct{ OS, Arch string }

func (p Platform) String() string { return p.OS + "/" + p.Arch }

// Host is the platform of this build machine (`make image`, the node suite).
func Host() Platform { return Platform{runtime.GOOS, runtime.GOARCH} }

// ImagePlatforms are the platforms of the released image index.
var ImagePlatforms = []Platform{{"linux", "amd64"}, {"linux", "arm64"}}

// CLIPlatforms are the platforms of the released command-line binaries (inject,
// validate, check-config, drift on a laptop or in CI).
var CLIPlatforms = []Platform{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// Exe is a binary's file suffix on p.
func (p Platform) Exe() string {
	if p.OS == "windows" {
		return ".exe"
	}
	return ""
}
