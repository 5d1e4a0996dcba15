package config

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Mutators and Validators name the embedded sections (both packages call their type
// Config): cfg.Mutators is every mutating section, cfg.Validators every validating one.
type (
	Mutators   = mutators.Config
	Validators = validators.Config
)

// Config is the whole config file. Each section's type lives with the code that uses it;
// Config only composes them (inline: their keys are top-level keys of the file), so adding
// a pattern never touches this file.
type Config struct {
	Mutators   `json:",inline"`
	Validators `json:",inline"`
}

// Default fills in every unset field of every section.
func (c *Config) Default() {
	c.Mutators.Default()
	c.Validators.Default()
}

// Validate checks a defaulted config; every error carries its field path.
func (c *Config) Validate() field.ErrorList {
	errs := c.Mutators.Validate(nil)
	errs = append(errs, c.Validators.Validate(nil)...)
	return append(errs, validateInjectedReadiness(c)...)
}
