package config

import (
	"slices"
	"strings"
	"testing"
)

// TestParseRejectsEmptyDocuments: an empty file (or one that is only comments, a
// document marker or null) would drop every profile and template — every profile
// namespace would get 403 unknown-profile and all injection would stop — so it is an
// error, at startup and on reload alike. An explicit {} stays valid (no patterns, on
// purpose).
func TestParseRejectsEmptyDocuments(t *testing.T) {
	for _, doc := range []string{"", "\n", "# only a comment\n", "---\n", "---\n...\n", "null\n", "~\n", "--- # empty\n"} {
		_, err := Parse("config.yaml", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), "line 1: "+emptyConfigMessage) {
			t.Errorf("Parse(%q) = %v, want the empty-config error on line 1", doc, err)
		}
	}
	if _, err := Parse("config.yaml", []byte("{}\n")); err != nil {
		t.Errorf("an explicit {} is a valid config: %v", err)
	}
}

// TestDropped names the profiles and templates a new config no longer defines.
func TestDropped(t *testing.T) {
	old, err := Parse("old", []byte("profiles: {a: {}, b: {}}\nsidecars: {s: {container: {image: x}}}\nconfigTemplates: {c: {templatesConfigMap: t, paramsConfigMap: p, mountPath: /etc/c}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	next, err := Parse("new", []byte("profiles: {a: {}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	profiles, templates := Dropped(old, next)
	if !slices.Equal(profiles, []string{"b"}) || !slices.Equal(templates, []string{"configTemplates/c", "sidecars/s"}) {
		t.Errorf("Dropped = %v, %v", profiles, templates)
	}
	if p, tm := Dropped(next, old); len(p)+len(tm) != 0 {
		t.Errorf("adding names drops nothing, got %v %v", p, tm)
	}
}
