package mutators_test

import (
	"testing"

	psaapi "k8s.io/pod-security-admission/api"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// BenchmarkPodSecurity is the cost of the Pod Security check: one chain pass over the
// hardened all-patterns pod in a namespace without Pod Security labels (no check), and
// in one enforcing restricted (the input evaluated once, then each of the 5 injections).
func BenchmarkPodSecurity(b *testing.B) {
	cfg := mutatorstest.ExampleConfig(b)
	chain := mutators.New(cfg.Config.Mutators, mutatorstest.Options())
	pod := mutatorstest.AllPatternsPod()
	mutatorstest.HardenRestricted(pod)
	for name, labels := range map[string]map[string]string{
		"no-label":   {mutators.LabelInject: mutators.InjectEnabled},
		"restricted": {mutators.LabelInject: mutators.InjectEnabled, psaapi.EnforceLevelLabel: string(psaapi.LevelRestricted)},
	} {
		ns := mutators.Namespace{Name: "shop", Labels: labels}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := mutators.NewRequest(pod, ns)
				chain.Mutate(req)
				if len(req.Report.Skipped) > 0 {
					b.Fatalf("skipped %+v", req.Report.Skipped)
				}
			}
		})
	}
}
