package release

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// release is what `make release` says it built.
type release struct {
	dir, version, commit string
}

// distOrFail returns the release directory, or fails saying how to make one: these
// tests check artifacts, they do not build them.
func distOrFail(t *testing.T) release {
	t.Helper()
	r := release{os.Getenv("PODPATTERNS_DIST"), os.Getenv("PODPATTERNS_RELEASE_VERSION"), os.Getenv("PODPATTERNS_RELEASE_COMMIT")}
	if r.dir == "" || r.version == "" || r.commit == "" {
		t.Fatal("PODPATTERNS_DIST, PODPATTERNS_RELEASE_VERSION and PODPATTERNS_RELEASE_COMMIT are unset: run `make release`, which builds dist/ and then runs these tests")
	}
	return r
}

// moduleVersion is the version of mod this module builds with (go list -m).
func moduleVersion(t *testing.T, mod string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", mod).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", mod, err)
	}
	return strings.TrimSpace(string(out))
}
