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

// TestLifecycleInvariant: in every golden case's mutated pod whose termination podpatterns
// shaped, the recorded plan is the pod's, the grace period covers it (up to the cap), and
// classic helpers sleep through the app's drain and shutdown.
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
		if s, ok := mutators.ParseStatus(req.Pod.Annotations[mutators.AnnotationStatus]); ok && s.Plan != nil {
			applied++
		}
		if msg := coherence.LifecycleBroken(cfg.Mutators, req.Pod); msg != "" {
			t.Errorf("%s: %s", c.Name, msg)
		}
	}
	if applied < minLifecycleCases {
		t.Errorf("the invariant applied to %d golden cases, want at least %d", applied, minLifecycleCases)
	}
	t.Logf("%d of %d golden cases got a termination plan", applied, len(cases))
}
