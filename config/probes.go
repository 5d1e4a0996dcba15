package config

import (
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// validateInjectedReadiness keeps the readiness rule and the container templates
// coherent: a profile that requires readiness probes (probes.readinessRequired) and does
// not exempt injected sidecars judges every helper it finds in its pods, so each template
// that declares ports must pass after injection with a readinessProbe of its own (the
// profile's defaultReadiness never probes a helper: mutators.readinessDefaulter).
// Otherwise podpatterns would deny (or warn about) pods for a container it injected itself.
func validateInjectedReadiness(c *Config) field.ErrorList {
	var errs field.ErrorList
	for _, profile := range sortedNames(c.Profiles) {
		p := c.Profiles[profile]
		if !p.Probes.ReadinessRequired || p.Exempt.InjectedSidecars {
			continue
		}
		for _, name := range sortedNames(c.Sidecars) {
			t := c.Sidecars[name]
			ctr := t.Container
			// A native helper is an init container with restartPolicy Always once injected.
			if !mutators.NeedsReadinessProbe(&ctr, false) {
				continue
			}
			errs = append(errs, field.Required(field.NewPath("sidecars").Key(name).Child("container", "readinessProbe"),
				fmt.Sprintf("the container declares ports, and profile %q requires readiness probes without exempting injected sidecars", profile)))
		}
	}
	return errs
}

// sortedNames returns a map's keys in order, so errors come out stably.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
