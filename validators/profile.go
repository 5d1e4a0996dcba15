package validators

import (
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Profile is one named resource profile (Predictable Demands).
type Profile struct {
	// Mode is the default mode when the namespace has no podpatterns.io/profile-mode label.
	// Default enforce.
	Mode Mode `json:"mode,omitempty"`
}

// Default fills in the mode.
func (p *Profile) Default() {
	if p.Mode == "" {
		p.Mode = ModeEnforce
	}
}

// Validate checks a defaulted profile.
func (p *Profile) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if !p.Mode.Valid() {
		errs = append(errs, field.NotSupported(path.Child("mode"), p.Mode, Modes))
	}
	return errs
}
