package mutators

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// templateSources say which part of the config a (pattern, template) injection comes
// from: what its hash covers. A pattern without an entry (the priority-class default: a
// class name, no template) gets no hash and is never reported as drifted. A new
// pattern adds one line here.
var templateSources = map[Pattern]func(c *Config, name string) (any, bool){
	PatternSidecar:        sidecarSource,
	PatternAdapter:        sidecarSource,
	PatternAmbassador:     sidecarSource,
	PatternConfigTemplate: configTemplateSource,
	PatternConfigImage:    configImageSource,
	PatternDownwardAPI:    func(c *Config, _ string) (any, bool) { return c.DownwardAPI, true },
	// preStop hooks (the pattern's builtin, and a classic helper's sleep) come from the
	// lifecycle section.
	PatternPreStop: func(c *Config, _ string) (any, bool) { return c.Lifecycle, true },
}

func sidecarSource(c *Config, name string) (any, bool) {
	t, ok := c.Sidecars[name]
	return t, ok
}

// configImageSource is the image's entry and, when the image follows a cluster-wide
// configImageMode other than the default (copy), that mode: it decides how the image
// is injected (TestEveryTemplateHashInputChangesTheHash). An image under the default
// mode hashes as its entry alone, as before, so existing pods' hashes stay valid.
func configImageSource(c *Config, name string) (any, bool) {
	t, ok := c.ConfigImages[name]
	if !ok || t.Mode != "" || c.ConfigImageMode == "" || c.ConfigImageMode == ConfigImageCopy {
		return t, ok
	}
	return struct {
		Image ConfigImage     `json:"image"`
		Mode  ConfigImageMode `json:"configImageMode"`
	}{t, c.ConfigImageMode}, true
}

func configTemplateSource(c *Config, name string) (any, bool) {
	t, ok := c.ConfigTemplates[name]
	return struct {
		Template    ConfigTemplate `json:"template"`
		RenderImage string         `json:"renderImage"`
	}{t, c.RenderImage}, ok
}

// TemplateHash is a short hash (8 hex digits) of the defaulted config entry a pattern's
// template is injected from; ok is false when the config has no such template or the
// pattern has none. It is written per injected template into podpatterns.io/status, so
// `podpatterns drift` can tell which templates changed since a pod was injected.
func (c *Config) TemplateHash(p Pattern, name string) (string, bool) {
	source, ok := templateSources[p]
	if !ok {
		return "", false
	}
	v, ok := source(c, name)
	if !ok {
		return "", false
	}
	data, err := json.Marshal(v)
	if err != nil { // cannot happen: the config types are plain data
		return "", false
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:4]), true
}

// precomputedHashes is TemplateHash with every hash computed once, when the chain of a
// config revision is built: the request path only looks them up.
func (c *Config) precomputedHashes() templateHasher {
	named := map[Pattern]map[string]string{}
	anyName := map[Pattern]string{}
	for p := range templateSources {
		named[p] = map[string]string{}
		if h, ok := c.TemplateHash(p, ""); ok { // template names are DNS labels, never "":
			anyName[p] = h // only the name-independent sections (downward-api, prestop)
		}
	}
	for name := range c.Sidecars {
		for _, p := range []Pattern{PatternSidecar, PatternAdapter, PatternAmbassador} {
			named[p][name], _ = c.TemplateHash(p, name)
		}
	}
	for name := range c.ConfigTemplates {
		named[PatternConfigTemplate][name], _ = c.TemplateHash(PatternConfigTemplate, name)
	}
	for name := range c.ConfigImages {
		named[PatternConfigImage][name], _ = c.TemplateHash(PatternConfigImage, name)
	}
	return func(p Pattern, name string) (string, bool) {
		if h, ok := named[p][name]; ok {
			return h, true
		}
		h, ok := anyName[p]
		return h, ok
	}
}
