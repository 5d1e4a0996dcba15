package main

import (
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// spdxDocument is the subset of SPDX 2.3 (JSON) the release writes: one package per
// binary (with its SHA-256), one per Go module any binary links, and which binary
// contains which module. Modules come from the binaries' own build info (what was
// linked, not what go.mod lists).
type spdxDocument struct {
	SPDXVersion       string             `json:"spdxVersion"`
	DataLicense       string             `json:"dataLicense"`
	SPDXID            string             `json:"SPDXID"`
	Name              string             `json:"name"`
	DocumentNamespace string             `json:"documentNamespace"`
	CreationInfo      spdxCreationInfo   `json:"creationInfo"`
	Packages          []spdxPackage      `json:"packages"`
	Relationships     []spdxRelationship `json:"relationships"`
}

type spdxCreationInfo struct {
	Created  string   `json:"created"`
	Creators []string `json:"creators"`
}

type spdxPackage struct {
	Name             string         `json:"name"`
	SPDXID           string         `json:"SPDXID"`
	VersionInfo      string         `json:"versionInfo,omitempty"`
	DownloadLocation string         `json:"downloadLocation"`
	FilesAnalyzed    bool           `json:"filesAnalyzed"`
	Checksums        []spdxChecksum `json:"checksums,omitempty"`
	ExternalRefs     []spdxRef      `json:"externalRefs,omitempty"`
}

type spdxChecksum struct {
	Algorithm     string `json:"algorithm"`
	ChecksumValue string `json:"checksumValue"`
}

type spdxRef struct {
	ReferenceCategory string `json:"referenceCategory"`
	ReferenceType     string `json:"referenceType"`
	ReferenceLocator  string `json:"referenceLocator"`
}

type spdxRelationship struct {
	Element string `json:"spdxElementId"`
	Type    string `json:"relationshipType"`
	Related string `json:"relatedSpdxElement"`
}

// writeSBOM writes the SPDX document for binaries (names in out). created is the commit
// time, so the same commit gives the same file.
func writeSBOM(out, version string, binaries []string, created time.Time) error {
	doc := spdxDocument{
		SPDXVersion: "SPDX-2.3", DataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT",
		Name:              "podpatterns-" + version,
		DocumentNamespace: "https://github.com/podpatterns/podpatterns/releases/" + version + "/spdx",
		CreationInfo:      spdxCreationInfo{Created: created.UTC().Format(time.RFC3339), Creators: []string{"Tool: podpatterns-hack-release"}},
	}
	modules := map[string]string{} // module path -> version
	for _, name := range binaries {
		if err := addBinary(&doc, filepath.Join(out, name), name, modules); err != nil {
			return err
		}
	}
	for _, path := range slices.Sorted(maps.Keys(modules)) {
		doc.Packages = append(doc.Packages, spdxPackage{
			Name: path, SPDXID: moduleID(path, modules[path]), VersionInfo: modules[path],
			DownloadLocation: "NOASSERTION",
			ExternalRefs:     []spdxRef{{"PACKAGE-MANAGER", "purl", "pkg:golang/" + path + "@" + modules[path]}},
		})
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, SBOMFile(version)), append(data, '\n'), 0o644)
}

// addBinary adds the binary's package, its modules and the relationships.
func addBinary(doc *spdxDocument, path, name string, modules map[string]string) error {
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: reading its build info: %w", name, err)
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return err
	}
	id := "SPDXRef-File-" + spdxSafe(name)
	doc.Packages = append(doc.Packages, spdxPackage{Name: name, SPDXID: id, DownloadLocation: "NOASSERTION",
		Checksums: []spdxChecksum{{"SHA256", sum}}})
	doc.Relationships = append(doc.Relationships, spdxRelationship{"SPDXRef-DOCUMENT", "DESCRIBES", id})
	for _, dep := range bi.Deps {
		m := dep
		if m.Replace != nil {
			m = m.Replace
		}
		modules[m.Path] = m.Version
		doc.Relationships = append(doc.Relationships, spdxRelationship{id, "CONTAINS", moduleID(m.Path, m.Version)})
	}
	return nil
}

func moduleID(path, version string) string { return "SPDXRef-Go-" + spdxSafe(path+"-"+version) }

// spdxSafe maps s to SPDX identifier characters (letters, digits, '.', '-').
func spdxSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '-'
	}, s)
}
