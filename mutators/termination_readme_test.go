package mutators_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestREADMEShowsTheAllPatternsPlan: the README's Managed Lifecycle section shows the
// termination plan the chain records for the all-patterns pod under examples/config.yaml,
// row by row, and its grace period.
func TestREADMEShowsTheAllPatternsPlan(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t)
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	req := mutators.NewRequest(mutatorstest.AllPatternsPod(), ns)
	mutators.New(cfg.Mutators, mutatorstest.Options()).Mutate(req)
	s, ok := mutators.ParseStatus(req.Pod.Annotations[mutators.AnnotationStatus])
	if !ok || s.Plan == nil {
		t.Fatalf("the all-patterns pod got no termination plan: %q", req.Pod.Annotations[mutators.AnnotationStatus])
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("terminationGracePeriodSeconds: %d", *req.Pod.Spec.TerminationGracePeriodSeconds)}
	for _, st := range s.Plan.Stops {
		want = append(want, fmt.Sprintf("| `%s` | %d s | %d s | %d s |", st.Container, st.PreStop, st.Term, st.Exit))
	}
	for _, w := range want {
		if !strings.Contains(string(readme), w) {
			t.Errorf("README lacks %q (the all-patterns pod's plan: %+v)", w, *s.Plan)
		}
	}
}
