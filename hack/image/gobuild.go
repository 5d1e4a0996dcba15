package image

import (
	"context"
	"fmt"
	"os"
	"os/exec"
)

// BuildEnv is the environment of the release build: no cgo (a static binary for an image
// without libc), no VCS stamping (the commit comes from -X, identical in a
// git checkout and a source tarball).
var BuildEnv = []string{"CGO_ENABLED=0", "GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local"}

// BuildInfo is the package whose version and commit variables -ldflags -X stamps.
const BuildInfo = "github.com/podpatterns/podpatterns/buildinfo"

// BuildFlags are the `go build` flags of the release build: -trimpath (no build paths in
// the binary), -s -w (no symbol or DWARF tables), version and commit stamped.
func BuildFlags(version, commit string) []string {
	return []string{"-trimpath", "-ldflags", fmt.Sprintf("-s -w -X %s.version=%s -X %s.commit=%s", BuildInfo, version, BuildInfo, commit)}
}

// MainPackage is the podpatterns command.
const MainPackage = "./cmd/podpatterns"

// GoBuild builds MainPackage of the module in dir into out with the release flags, for
// this machine's platform.
func GoBuild(ctx context.Context, dir, out, version, commit string) error {
	return GoBuildFor(ctx, dir, out, version, commit, Host())
}

// GoBuildFor cross-compiles MainPackage for p (no cgo: every target builds here).
func GoBuildFor(ctx context.Context, dir, out, version, commit string, p Platform) error {
	args := append([]string{"build"}, BuildFlags(version, commit)...)
	args = append(args, "-o", out, MainPackage)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), BuildEnv...)
	cmd.Env = append(cmd.Env, "GOOS="+p.OS, "GOARCH="+p.Arch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s for %s: %w\n%s", MainPackage, p, err, out)
	}
	return nil
}
