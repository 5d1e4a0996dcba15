package validators

import "github.com/podpatterns/podpatterns/mutators"

// Namespace label keys of DESIGN.md.
const (
	// LabelProfile on a Namespace names the profile enforced on its pods; the
	// ValidatingWebhookConfiguration selects on the key existing. The mutating side reads
	// the same label for the profile's default priority class.
	LabelProfile = mutators.LabelProfile
	// LabelProfileMode overrides the profile's default mode: enforce, warn or audit.
	LabelProfileMode = "podpatterns.io/profile-mode"
)
