package mutators

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

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

// TestEveryTemplateHashInputChangesTheHash: each config input that changes what a
// pattern injects changes that pattern's template hash, so `podpatterns drift` sees it:
// the template's own fields, the renderImage a config template's init container runs,
// the cluster-wide configImageMode an image without its own mode follows, the Downward
// API and lifecycle sections. An input the hash misses is drift nobody is told about.
func TestEveryTemplateHashInputChangesTheHash(t *testing.T) {
	base := func() *Config {
		c := &Config{Sidecars: map[string]SidecarTemplate{"s": {Kind: KindSidecar, Container: corev1.Container{Image: "s:1"}}},
			ConfigTemplates: map[string]ConfigTemplate{"t": {MountPath: "/etc/t"}}, RenderImage: "r:1",
			ConfigImages: map[string]ConfigImage{"i": {Image: "i:1", MountPath: "/etc/i"}}}
		c.Default()
		return c
	}
	for _, tc := range []struct {
		input   string
		pattern Pattern
		name    string
		edit    func(*Config)
	}{
		{"sidecars[s].container.image", PatternSidecar, "s", func(c *Config) { s := c.Sidecars["s"]; s.Container.Image = "s:2"; c.Sidecars["s"] = s }},
		{"sidecars[s].native", PatternSidecar, "s", func(c *Config) { s := c.Sidecars["s"]; s.Native = ptr.To(false); c.Sidecars["s"] = s }},
		{"configTemplates[t].mountPath", PatternConfigTemplate, "t", func(c *Config) { x := c.ConfigTemplates["t"]; x.MountPath = "/x"; c.ConfigTemplates["t"] = x }},
		{"renderImage", PatternConfigTemplate, "t", func(c *Config) { c.RenderImage = "r:2" }},
		{"configImages[i].image", PatternConfigImage, "i", func(c *Config) { x := c.ConfigImages["i"]; x.Image = "i:2"; c.ConfigImages["i"] = x }},
		{"configImages[i].mode", PatternConfigImage, "i", func(c *Config) { x := c.ConfigImages["i"]; x.Mode = ConfigImageVolume; c.ConfigImages["i"] = x }},
		{"configImageMode", PatternConfigImage, "i", func(c *Config) { c.ConfigImageMode = ConfigImageVolume }},
		{"downwardAPI.mountPath", PatternDownwardAPI, "", func(c *Config) { c.DownwardAPI.MountPath = "/x" }},
		{"downwardAPI.env", PatternDownwardAPI, "", func(c *Config) { c.DownwardAPI.Env = ptr.To(false) }},
		{"lifecycle.preStop.sleepSeconds", PatternPreStop, "", func(c *Config) { c.Lifecycle.PreStop.SleepSeconds++ }},
	} {
		c := base()
		before, ok := c.TemplateHash(tc.pattern, tc.name)
		if !ok {
			t.Fatalf("%s: no hash for %s/%s", tc.input, tc.pattern, tc.name)
		}
		tc.edit(c)
		if after, _ := c.TemplateHash(tc.pattern, tc.name); after == before {
			t.Errorf("changing %s leaves the %s/%s hash at %s: drift would not see it", tc.input, tc.pattern, tc.name, before)
		}
	}
}
