package validators

// LabelProfileMode on a Namespace overrides its profile's default mode: enforce, warn or
// audit. The profile itself is named by mutators.LabelProfile, which both chains read
// (docs/design.md, "Labels and annotations").
const LabelProfileMode = "podpatterns.io/profile-mode"
