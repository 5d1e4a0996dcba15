package release

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// TestPushAsDocumented: `crane push podpatterns-VERSION-image REF` (the crane CLI itself,
// `go run` at the go-containerregistry version this module uses) pushes the release to a registry as one multi-platform tag; pulling
// the tag's index and each architecture's manifest and config back gives the very
// objects of the release. A registry on loopback, in this process.
func TestPushAsDocumented(t *testing.T) {
	r := distOrFail(t)
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	ref := host + "/platform/podpatterns:" + r.version
	dir := filepath.Join(r.dir, "podpatterns-"+r.version+"-image")
	push := exec.Command("go", "run", craneModule+"@"+moduleVersion(t, "github.com/google/go-containerregistry"), "push", "--insecure", dir, ref)
	push.Dir = t.TempDir() // outside this module: crane's own go.mod, nothing added to ours
	push.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := push.CombinedOutput(); err != nil {
		t.Fatalf("crane push %s %s: %v\n%s", dir, ref, err, out)
	}
	local := readIndex(t, dir)
	repo := srv.URL + "/v2/platform/podpatterns"
	pushed, err := v1.ParseIndexManifest(bytes.NewReader(get(t, repo+"/manifests/"+r.version, string(types.OCIImageIndex))))
	if err != nil {
		t.Fatalf("the tag is not an image index: %v", err)
	}
	localManifest, err := local.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pushed.Manifests, localManifest.Manifests) {
		t.Errorf("the registry's index lists %v, the release's %v", pushed.Manifests, localManifest.Manifests)
	}
	for _, arch := range []string{"amd64", "arm64"} {
		want, err := imageFor(t, local, arch).Digest()
		if err != nil {
			t.Fatal(err)
		}
		m, err := v1.ParseManifest(bytes.NewReader(get(t, repo+"/manifests/"+want.String(), string(types.OCIManifestSchema1))))
		if err != nil {
			t.Fatalf("linux/%s manifest: %v", arch, err)
		}
		cf, err := v1.ParseConfigFile(bytes.NewReader(get(t, repo+"/blobs/"+m.Config.Digest.String(), "*/*")))
		if err != nil || cf.OS != "linux" || cf.Architecture != arch {
			t.Errorf("linux/%s: pulled config %v/%v (%v)", arch, cf.OS, cf.Architecture, err)
		}
	}
}

// get fetches url from the registry (the distribution API: manifests by tag or digest,
// blobs by digest) and returns the body.
func get(t *testing.T, url, accept string) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, body)
	}
	return body
}

// craneModule is the crane CLI's package.
const craneModule = "github.com/google/go-containerregistry/cmd/crane"
