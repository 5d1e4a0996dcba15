package validators

// BoundWarnings bounds warnings as a warn-mode answer is bounded (MaxWarnings,
// WarningRunes, the last one `<prefix>and N more violations`), for answers built
// elsewhere from the same violations: the workloads webhook's "would deny" warnings.
func BoundWarnings(warnings []string, prefix string) []string {
	if len(warnings) == 0 {
		return warnings
	}
	return boundWarnings(warnings, prefix)
}
