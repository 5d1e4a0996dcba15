package validators_test

import (
	"maps"
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/podresources"
	"github.com/podpatterns/podpatterns/validators"
)

// TestInjectionProblemMatchesReferenceOnGoldens: every golden case of the mutators, in
// every namespace of the doors table (its own, then one per shipped profile), through
// the chain as the server composes it, twice (the second pass on the mutated pod).
// Wherever the chain asks whether an injection breaks the profile, InjectionProblem
// answers as the reference (the pod with the container built, defaulted and summed
// whole), for the namespace's profile and every other profile of the config, with the
// container at the place the chain asks about and at every other place it could go; and
// it leaves the pod as it was.
func TestInjectionProblemMatchesReferenceOnGoldens(t *testing.T) {
	doors := mutatorstest.AllDoors(t)
	var asked, compared, refused, problems int
	for _, d := range doors {
		cfg, err := config.Parse(d.Case.ConfigName, d.ConfigData)
		if err != nil {
			t.Fatalf("%s: %v", d.Case.Name, err)
		}
		cfg.Revision = mutatorstest.Revision
		profiles := append(slices.Sorted(maps.Keys(cfg.Validators.Profiles)), "undefined")
		opts := admission.MutatorOptions(cfg, d.Case.Deps())
		opts.InjectionCheck = func(profile string, w podresources.With) string {
			asked++
			orig := w.Pod.DeepCopy()
			got := cfg.Validators.InjectionProblem(profile, w)
			for _, p := range profiles {
				for _, at := range everyPlace(w) {
					compared++
					answer, want := cfg.Validators.InjectionProblem(p, at), validators.ReferenceInjectionProblem(&cfg.Validators, p, at)
					if want != "" {
						problems++
					}
					if answer != want {
						t.Errorf("%s in %s: container %s at init=%v index %d, profile %s:\n got  %q\n want %q",
							d.Case.Name, d.Name(), at.Extra.Name, at.Init, at.At, p, answer, want)
					}
				}
			}
			if !equality.Semantic.DeepEqual(orig, w.Pod) {
				t.Errorf("%s in %s: InjectionProblem changed the pod", d.Case.Name, d.Name())
			}
			if got != "" {
				refused++
			}
			return got
		}
		chain := mutators.New(cfg.Mutators, opts)
		first := mutators.NewRequest(d.Case.Pod(), d.Namespace)
		chain.Mutate(first)
		chain.Mutate(mutators.NewRequest(first.Pod, d.Namespace))
	}
	t.Logf("%d doors: the chain asked %d times and was refused %d times; %d answers compared, %d of them a problem", len(doors), asked, refused, compared, problems)
	if asked == 0 || refused == 0 {
		t.Fatalf("the corpus asked %d times, refused %d: it no longer exercises the check", asked, refused)
	}
}

// everyPlace is w's container at every place of either container list of w's pod.
func everyPlace(w podresources.With) []podresources.With {
	var out []podresources.With
	for _, init := range []bool{false, true} {
		for i := range w.Without().Len(init) + 1 {
			out = append(out, podresources.With{Pod: w.Pod, Extra: w.Extra, Init: init, At: i})
		}
	}
	return out
}
