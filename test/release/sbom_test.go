package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSBOM: the SPDX 2.3 document describes every binary of the release with its
// SHA-256, lists the Go modules they link with purls, and says which binary contains
// which; the module versions are go.mod's (k8s.io/api, controller-runtime).
func TestSBOM(t *testing.T) {
	r := distOrFail(t)
	var doc struct {
		SPDXVersion string `json:"spdxVersion"`
		Packages    []struct {
			Name, SPDXID, VersionInfo string
			Checksums                 []struct{ Algorithm, ChecksumValue string }
			ExternalRefs              []struct{ ReferenceType, ReferenceLocator string }
		} `json:"packages"`
		Relationships []struct {
			Element string `json:"spdxElementId"`
			Type    string `json:"relationshipType"`
			Related string `json:"relatedSpdxElement"`
		} `json:"relationships"`
	}
	data, err := os.ReadFile(filepath.Join(r.dir, "podpatterns-"+r.version+".spdx.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.SPDXVersion != "SPDX-2.3" {
		t.Fatalf("not an SPDX 2.3 JSON document: %v %q", err, doc.SPDXVersion)
	}
	described, contains, purls := map[string]bool{}, map[string]int{}, map[string]bool{}
	for _, rel := range doc.Relationships {
		switch rel.Type {
		case "DESCRIBES":
			described[rel.Related] = true
		case "CONTAINS":
			contains[rel.Element]++
		}
	}
	binaries := 0
	for _, p := range doc.Packages {
		for _, ref := range p.ExternalRefs {
			purls[ref.ReferenceLocator] = true
		}
		if !strings.HasPrefix(p.Name, "podpatterns-"+r.version+"-") {
			continue
		}
		binaries++
		file, err := os.ReadFile(filepath.Join(r.dir, p.Name))
		sum := sha256.Sum256(file)
		if err != nil || len(p.Checksums) != 1 || p.Checksums[0].ChecksumValue != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: checksum %v does not match the file (%v)", p.Name, p.Checksums, err)
		}
		if !described[p.SPDXID] || contains[p.SPDXID] < 50 {
			t.Errorf("%s: described %v, contains %d modules", p.Name, described[p.SPDXID], contains[p.SPDXID])
		}
	}
	if binaries != len(cliPlatforms) {
		t.Errorf("%d binaries in the SBOM, want %d", binaries, len(cliPlatforms))
	}
	for _, mod := range []string{"k8s.io/api", "sigs.k8s.io/controller-runtime"} {
		if purl := "pkg:golang/" + mod + "@" + moduleVersion(t, mod); !purls[purl] {
			t.Errorf("the SBOM lacks %s", purl)
		}
	}
}
