package mutators

import "testing"

// TestPrecomputedHashesAreTemplateHash: the chain's lookup answers what TemplateHash
// computes, for every template of the examples and for names the config lacks.
func TestPrecomputedHashesAreTemplateHash(t *testing.T) {
	c := &Config{Sidecars: map[string]SidecarTemplate{"a": {Kind: KindSidecar}, "b": {Kind: KindAdapter}},
		ConfigTemplates: map[string]ConfigTemplate{"nginx": {MountPath: "/etc/nginx"}}, RenderImage: "r:1",
		ConfigImages: map[string]ConfigImage{"app-config": {}}}
	c.Default()
	lookup := c.precomputedHashes()
	for p := range templateSources {
		for _, name := range []string{"a", "b", "nginx", "app-config", "builtin", "missing"} {
			want, wantOK := c.TemplateHash(p, name)
			if got, ok := lookup(p, name); got != want || ok != wantOK {
				t.Errorf("%s/%s: lookup %q %v, TemplateHash %q %v", p, name, got, ok, want, wantOK)
			}
		}
	}
	if _, ok := lookup(PatternPriorityClass, "standard"); ok {
		t.Error("the priority-class default has a hash")
	}
}
