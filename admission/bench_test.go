package admission_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

func examplePipeline(b *testing.B) *admission.Pipeline {
	cfg := mutatorstest.ExampleConfig(b)
	return admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:bench"})
}

// BenchmarkChainAndPatch is MutatePod for the all-patterns pod: the six-pattern chain
// (copying on write what it changes of the pod) and the patch. Its allocs/op is the issue-12 target (≤ 50).
func BenchmarkChainAndPatch(b *testing.B) {
	p := examplePipeline(b)
	pod := mutatorstest.AllPatternsPod()
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	b.ReportAllocs()
	for b.Loop() {
		m, err := p.MutatePod(pod, ns)
		if err != nil || m.Patch == nil {
			b.Fatalf("no patch: %v", err)
		}
	}
}
