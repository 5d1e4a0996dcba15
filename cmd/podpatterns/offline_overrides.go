package main

import (
	"maps"
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// checkOverrides refuses a --profile or --mode the config cannot honour as a usage error
// (exit 2, with the valid values), so a typo in a CI job is never reported as a policy
// denial (exit 1) of every object, nor as a pass.
func (o *offlineFlags) checkOverrides(cfg *config.Loaded) error {
	if name, ok := o.labelOverrides[mutators.LabelProfile]; ok {
		if _, known := cfg.Profiles[name]; !known {
			return usageError("--profile %q: the config defines no such profile; valid: %s", name, orNone(slices.Sorted(maps.Keys(cfg.Profiles))))
		}
	}
	if mode, ok := o.labelOverrides[validators.LabelProfileMode]; ok && !validators.Mode(mode).Valid() {
		valid := make([]string, len(validators.Modes))
		for i, m := range validators.Modes {
			valid[i] = string(m)
		}
		return usageError("--mode %q: valid: %s", mode, strings.Join(valid, ", "))
	}
	return nil
}

// orNone joins names, or says there are none.
func orNone(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
