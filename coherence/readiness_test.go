package coherence_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/validators"
)

// probeProfiles are the Health Probe profiles the corpus is judged under: the rule with
// the default (everything the default can fix must pass), and with the default and
// injected sidecars exempt.
const probeProfiles = `
profiles:
  probed:
    probes: {readinessRequired: true, defaultReadiness: true}
  probed-exempt:
    probes: {readinessRequired: true, defaultReadiness: true}
    exempt: {injectedSidecars: true}
`

// TestReadinessDefaultSatisfiesTheRule: mutate-then-validate agree on readiness probes:
// in a profile that requires and defaults them, no golden pod, with whatever its case
// injects, is judged missing one after mutation, except a container whose ports are all
// UDP or SCTP (which the defaulter reports as not applicable) and, where injected sidecars
// are not exempt, a helper whose template has no probe of its own: the defaulter never
// probes a helper (its readiness would gate the app's), and a config whose profile would
// judge such a helper is refused at load (config.validateInjectedReadiness).
func TestReadinessDefaultSatisfiesTheRule(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := config.Parse("probes", []byte(probeProfiles))
	if err != nil {
		t.Fatal(err)
	}
	defaulted := 0
	for _, c := range cases {
		cfg, err := config.Parse(c.ConfigName, c.ConfigData)
		if err != nil {
			t.Fatal(err)
		}
		mut, val := coherence.Chains(cfg.Mutators, profiles.Validators, mutatorstest.RenderImage, nil)
		for _, profile := range []string{"probed", "probed-exempt"} {
			v := coherence.MutateThenValidate(mut, val, c.Pod(), coherence.InNamespace(c.Namespace, profile))
			if len(v.Report.Denials) > 0 {
				continue
			}
			for _, viol := range v.After.Violations {
				helper := profile == "probed" && injectedHelper(cfg.Mutators, viol)
				if viol.Rule == validators.RuleReadinessProbeRequired && !notDefaultable(v, viol) && !helper {
					t.Errorf("%s under %s: the mutated pod still breaks the readiness rule: %s", c.Name, profile, viol.Error)
				}
			}
			for _, in := range v.Report.Injected {
				if in.Pattern == mutators.PatternHealthProbe {
					defaulted++
				}
			}
		}
	}
	if defaulted == 0 {
		t.Fatal("no golden pod got a default readiness probe: the invariant was never exercised")
	}
	t.Logf("%d golden cases: %d mutations added readiness probes", len(cases), defaulted)
}

// injectedHelper reports whether viol is about a container of one of cfg's templates.
func injectedHelper(cfg mutators.Config, viol validators.Violation) bool {
	for _, t := range cfg.Sidecars {
		if strings.Contains(viol.Error.Detail, fmt.Sprintf("container %q ", t.Container.Name)) {
			return true
		}
	}
	return false
}

// notDefaultable reports whether viol is about a container the defaulter skipped as
// not applicable (no TCP port).
func notDefaultable(v coherence.Verdict, viol validators.Violation) bool {
	for _, s := range v.Report.Skipped {
		if s.Pattern == mutators.PatternHealthProbe && s.Reason == mutators.SkipNotApplicable && containsQuoted(viol.Error.Detail, s.Message) {
			return true
		}
	}
	return false
}

// containsQuoted reports whether the container name quoted in msg (`container "x" ...`)
// is the one detail names.
func containsQuoted(detail, msg string) bool {
	name := func(s string) string {
		const prefix = `container "`
		if len(s) < len(prefix) || s[:len(prefix)] != prefix {
			return ""
		}
		rest := s[len(prefix):]
		for i := range rest {
			if rest[i] == '"' {
				return rest[:i]
			}
		}
		return ""
	}
	return name(detail) != "" && name(detail) == name(msg)
}
