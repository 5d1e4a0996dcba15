package validators

import (
	"slices"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Config is every validating section of the config file; package config embeds it inline.
type Config struct {
	// Profiles are the named resource profiles that namespaces select by label.
	Profiles map[string]Profile `json:"profiles,omitempty"`
}

// Default fills in every profile.
func (c *Config) Default() {
	for name, p := range c.Profiles {
		p.Default()
		c.Profiles[name] = p
	}
}

// Validate checks a defaulted Config.
func (c *Config) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	names := make([]string, 0, len(c.Profiles))
	for name := range c.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := path.Child("profiles").Key(name)
		// profile names are label values (podpatterns.io/profile=<name>)
		for _, msg := range validation.IsValidLabelValue(name) {
			errs = append(errs, field.Invalid(p, name, msg))
		}
		profile := c.Profiles[name]
		errs = append(errs, profile.Validate(p)...)
	}
	return errs
}
