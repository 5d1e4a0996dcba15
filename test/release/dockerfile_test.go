package release

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/buildinfo"
)

func repoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var (
	digestPin = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	goPatch   = regexp.MustCompile(`(?m)^ARG GO_VERSION=(\d+\.\d+\.\d+)$`)
	xFlag     = regexp.MustCompile(`-X ([\w./-]+)=`)
)

// TestDockerfilePins: every base image is pinned by digest (its ARG default, as FROM
// lines name the ARG), and the Go toolchain by patch version at least go.mod's.
func TestDockerfilePins(t *testing.T) {
	df := repoFile(t, "Dockerfile")
	args := map[string]string{}
	for _, line := range strings.Split(df, "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "ARG "), "="); ok && strings.HasPrefix(line, "ARG ") {
			args[k] = v
		}
	}
	froms := 0
	for _, line := range strings.Split(df, "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 || fields[0] != "FROM" {
			continue
		}
		froms++
		ref := fields[1]
		if strings.HasPrefix(ref, "--platform") {
			ref = fields[2]
		}
		if name, ok := strings.CutPrefix(ref, "${"); ok {
			ref = args[strings.TrimSuffix(name, "}")]
		}
		if !digestPin.MatchString(ref) {
			t.Errorf("FROM %s is not pinned by digest", ref)
		}
	}
	if froms < 2 {
		t.Fatalf("%d FROM lines", froms)
	}
	m := goPatch.FindStringSubmatch(df)
	if m == nil {
		t.Fatal("no ARG GO_VERSION=X.Y.Z: the Go toolchain is not pinned to a patch version")
	}
	mod := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(repoFile(t, "go.mod"))
	if !strings.HasPrefix(m[1], mod[1]+".") {
		t.Errorf("Dockerfile Go %s, go.mod go %s", m[1], mod[1])
	}
}

// TestLinkerFlagsHitVariables: every -X in the Dockerfile and the Makefile names a
// variable of the buildinfo package (a -X of a missing variable is silently ignored,
// which is how `-X main.commit` never showed the commit).
func TestLinkerFlagsHitVariables(t *testing.T) {
	known := map[string]bool{}
	for _, m := range xFlag.FindAllStringSubmatch(buildinfo.LDFlags("v", "c"), -1) {
		known[m[1]] = true
	}
	for _, file := range []string{"Dockerfile", "Makefile"} {
		text := repoFile(t, file)
		text = strings.ReplaceAll(text, "$(BUILDINFO)", buildinfo.Package)
		found := xFlag.FindAllStringSubmatch(text, -1)
		if len(found) < 2 {
			t.Errorf("%s: %d -X flags, want version and commit", file, len(found))
		}
		for _, m := range found {
			if !known[m[1]] {
				t.Errorf("%s: -X %s names no buildinfo variable", file, m[1])
			}
		}
	}
}

// TestDockerTargets: docker-build and docker-push (kubebuilder's names) build and push
// IMG from the Dockerfile with the version and commit; they need a Docker engine, so
// only `make -n` runs here.
func TestDockerTargets(t *testing.T) {
	cmd := exec.Command("make", "-n", "docker-build", "docker-push", "IMG=registry.example.com/podpatterns:test", "RELEASE_VERSION=1.2.3", "COMMIT=abc")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	for _, want := range []string{
		"docker build --build-arg VERSION=1.2.3 --build-arg COMMIT=abc -t registry.example.com/podpatterns:test .",
		"docker push registry.example.com/podpatterns:test",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("make -n does not run %q:\n%s", want, out)
		}
	}
}
