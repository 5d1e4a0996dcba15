package coherence_test

import (
	"slices"
	"testing"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// minJudged guards against a corpus or profile mistake that would leave the invariant
// nothing to speak about.
const minJudged = 60

// TestMutatedPodsStayWithinTheirProfile: for every golden case and every profile
// podpatterns ships (examples/config.yaml and the chart's default values), a pod that
// satisfies the profile as submitted satisfies it after mutation too.
func TestMutatedPodsStayWithinTheirProfile(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	sources, err := coherence.ShippedProfiles("..")
	if err != nil {
		t.Fatal(err)
	}
	judged := 0
	for _, c := range cases {
		cfg, err := config.Parse(c.ConfigName, c.ConfigData)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range sources {
			mut, val := coherence.Chains(cfg.Mutators, src.Config.Validators, mutatorstest.RenderImage, nil)
			for _, profile := range sortedProfiles(src) {
				v := coherence.MutateThenValidate(mut, val, c.Pod(), coherence.InNamespace(c.Namespace, profile))
				if v.Applies() {
					judged++
				}
				if msg := v.Broken(); msg != "" {
					t.Errorf("%s under %s/%s: %s", c.Name, src.Name, profile, msg)
				}
			}
		}
	}
	if judged < minJudged {
		t.Errorf("only %d case×profile pairs satisfied their profile before mutation; want at least %d", judged, minJudged)
	}
	t.Logf("%d golden cases × %d profile sources: %d pairs judged", len(cases), len(sources), judged)
}

func sortedProfiles(src coherence.ProfileSource) []string {
	var names []string
	for name := range src.Config.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
