package validators

// Namespace label keys of DESIGN.md.
const (
	// LabelProfile on a Namespace names the profile enforced on its pods; the
	// ValidatingWebhookConfiguration selects on the key existing.
	LabelProfile = "podpatterns.io/profile"
	// LabelProfileMode overrides the profile's default mode: enforce, warn or audit.
	LabelProfileMode = "podpatterns.io/profile-mode"
)
