package mutators

import (
	"slices"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Config is every mutating section of the config file. Package config embeds it
// inline, so these keys sit at the top level of the file.
type Config struct {
	// Sidecars are the named container templates (sidecar, adapter, ambassador) that
	// pods select by annotation.
	Sidecars map[string]SidecarTemplate `json:"sidecars,omitempty"`
	// ConfigTemplates are the named Configuration Template set-ups.
	ConfigTemplates map[string]ConfigTemplate `json:"configTemplates,omitempty"`
	// RenderImage is the image of the init container that runs `podpatterns render`.
	// Empty means the server's own image (set by the chart).
	RenderImage string `json:"renderImage,omitempty"`
	// ConfigImages are the named Immutable Configuration data images.
	ConfigImages map[string]ConfigImage `json:"configImages,omitempty"`
	// ConfigImageMode is how data images reach the app: copy (default) or imageVolume;
	// an image's own mode wins. Whether image volumes work is a property of the nodes (kubelet and
	// runtime), which the apiserver cannot tell, so the admin says it.
	ConfigImageMode ConfigImageMode `json:"configImageMode,omitempty"`
	// DownwardAPI configures the Self Awareness pattern.
	DownwardAPI DownwardAPIConfig `json:"downwardAPI"`
	// Lifecycle configures the Managed Lifecycle pattern (preStop hooks).
	Lifecycle LifecycleConfig `json:"lifecycle"`
}

// Default fills in every unset field, in place.
func (c *Config) Default() {
	for name, t := range c.Sidecars {
		t.Default(name)
		c.Sidecars[name] = t
	}
	for name, t := range c.ConfigTemplates {
		t.Default(name)
		c.ConfigTemplates[name] = t
	}
	if c.ConfigImageMode == "" {
		c.ConfigImageMode = ConfigImageCopy
	}
	for name, t := range c.ConfigImages {
		t.Default(name)
		c.ConfigImages[name] = t
	}
	c.DownwardAPI.Default()
	c.Lifecycle.Default()
	c.cacheSpellings()
}

// Validate checks a defaulted Config; every error carries its field path.
func (c *Config) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	for _, name := range sortedKeys(c.Sidecars) {
		p := path.Child("sidecars").Key(name)
		errs = append(errs, validateTemplateName(p, name)...)
		t := c.Sidecars[name]
		errs = append(errs, t.Validate(p)...)
	}
	errs = append(errs, validateTemplateSet(path.Child("sidecars"), c.Sidecars)...)
	for _, name := range sortedKeys(c.ConfigTemplates) {
		p := path.Child("configTemplates").Key(name)
		errs = append(errs, validateTemplateName(p, name)...)
		t := c.ConfigTemplates[name]
		errs = append(errs, t.Validate(p)...)
	}
	for _, name := range sortedKeys(c.ConfigImages) {
		p := path.Child("configImages").Key(name)
		errs = append(errs, validateTemplateName(p, name)...)
		t := c.ConfigImages[name]
		errs = append(errs, t.Validate(p)...)
	}
	errs = append(errs, validateConfigImageMode(path.Child("configImageMode"), c.ConfigImageMode)...)
	errs = append(errs, c.DownwardAPI.Validate(path.Child("downwardAPI"))...)
	errs = append(errs, c.Lifecycle.Validate(path.Child("lifecycle"))...)
	errs = append(errs, validateReservedNames(path, c)...)
	return errs
}

// validateTemplateName keeps template names to DNS labels: they are selected by annotation
// values and used in metric labels, container and volume names.
func validateTemplateName(p *field.Path, name string) field.ErrorList {
	var errs field.ErrorList
	for _, msg := range validation.IsDNS1123Label(name) {
		errs = append(errs, field.Invalid(p, name, msg))
	}
	return errs
}

// sortedKeys returns a map's keys in order, so validation errors come out stably.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
