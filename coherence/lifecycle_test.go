package coherence_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// minLifecycleCases guards against the invariant applying to nothing.
const minLifecycleCases = 20

// TestLifecycleInvariant: in every golden case's mutated pod that podpatterns gave a
// preStop hook, the grace period covers every container's preStop plus the shutdown
// budget, and classic helpers stop no earlier than the longest app preStop.
func TestLifecycleInvariant(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, c := range cases {
		cfg, err := config.Parse(c.ConfigName, c.ConfigData)
		if err != nil {
			t.Fatal(err)
		}
		req := mutators.NewRequest(c.Pod(), c.Namespace)
		mutators.New(cfg.Mutators, mutatorstest.Options()).Mutate(req)
		if s, ok := mutators.ParseStatus(req.Pod.Annotations[mutators.AnnotationStatus]); ok && len(s.Injected[mutators.PatternPreStop]) > 0 {
			applied++
		}
		if msg := coherence.LifecycleBroken(cfg.Mutators, req.Pod); msg != "" {
			t.Errorf("%s: %s", c.Name, msg)
		}
	}
	if applied < minLifecycleCases {
		t.Errorf("the invariant applied to %d golden cases, want at least %d", applied, minLifecycleCases)
	}
	t.Logf("%d of %d golden cases got a preStop", applied, len(cases))
}
