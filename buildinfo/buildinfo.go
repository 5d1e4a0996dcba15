// Package buildinfo holds what the build stamps into the binary: the release version and
// the source commit, set by the linker (`make build`, the Dockerfile and `make release`):
//
//	go build -ldflags "-X github.com/podpatterns/podpatterns/buildinfo.version=v1.2.3 \
//	  -X github.com/podpatterns/podpatterns/buildinfo.commit=$(git rev-parse HEAD)"
//
// `podpatterns version` prints them and the server exports them as
// podpatterns_build_info{version,commit,goversion}.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set by -X at link time; the defaults are what `go build` without flags produces.
var (
	version = "dev"
	commit  = ""
)

// Package is the import path the linker flags name.
const Package = "github.com/podpatterns/podpatterns/buildinfo"

// Info is one build's identity.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goVersion"`
}

// Get returns this binary's build info. Without a stamped commit it falls back to the
// VCS revision the Go toolchain records (a `go build` inside a git checkout), then to
// "unknown".
func Get() Info {
	return Info{Version: version, Commit: resolveCommit(commit, debug.ReadBuildInfo), GoVersion: runtime.Version()}
}

func resolveCommit(stamped string, read func() (*debug.BuildInfo, bool)) string {
	if stamped != "" {
		return stamped
	}
	if bi, ok := read(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && s.Value != "" {
				return s.Value
			}
		}
	}
	return "unknown"
}

// String is the one line `podpatterns version` prints.
func (i Info) String() string {
	return fmt.Sprintf("podpatterns %s (commit %s, %s)", i.Version, i.Commit, i.GoVersion)
}

// LDFlags returns the -X flags that stamp version and commit.
func LDFlags(version, commit string) string {
	return fmt.Sprintf("-X %s.version=%s -X %s.commit=%s", Package, version, Package, commit)
}
