package webhook

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// MutatorsConfig and ValidatorsConfig name the embedded sections (both packages call
// their type Config).
type (
	MutatorsConfig   = mutators.Config
	ValidatorsConfig = validators.Config
)

// Config is the whole config file. Each section's type lives with the code that uses it;
// Config only composes them (inline: their keys are top-level keys of the file), so adding
// a pattern never touches this file.
type Config struct {
	MutatorsConfig   `json:",inline"`
	ValidatorsConfig `json:",inline"`
}

// Default fills in every unset field of every section.
func (c *Config) Default() {
	c.MutatorsConfig.Default()
	c.ValidatorsConfig.Default()
}

// Validate checks a defaulted config; every error carries its field path.
func (c *Config) Validate() field.ErrorList {
	errs := c.MutatorsConfig.Validate(nil)
	return append(errs, c.ValidatorsConfig.Validate(nil)...)
}
