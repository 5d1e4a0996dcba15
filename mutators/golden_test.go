package mutators_test

import (
	"path/filepath"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/internal/golden"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestGolden replays every testdata/<mutator>/<case>.yaml through the admission core
// (the pipeline the server composes from the case's config) and checks, per case: the
// result matches the golden file; a second pass changes nothing; the decision's JSON
// patch, applied to the input JSON, reproduces the mutated pod. The HTTP handler and
// the CLI agree with the core on every case (cmd/podpatterns TestGoldenCasesAllPaths).
func TestGolden(t *testing.T) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases under testdata/")
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := c.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			m, err := p.MutatePod(c.Pod(), c.Namespace)
			if err != nil {
				t.Fatal(err)
			}
			t.Run("golden", func(t *testing.T) { checkGolden(t, c, m.Pod, m.Report) })
			t.Run("idempotent", func(t *testing.T) { checkIdempotent(t, p.Mutators, c, m.Pod, m.Report) })
			t.Run("patch", func(t *testing.T) { checkPatch(t, c, m) })
		})
	}
	t.Run("no-orphan-golden-files", func(t *testing.T) { checkNoOrphans(t, cases) })
}

func checkGolden(t *testing.T, c *mutatorstest.Case, out *corev1.Pod, report mutators.Report) {
	got, err := mutatorstest.NewGolden(out, report).Marshal(c.Why)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, c.GoldenPath, got)
	if golden.Updating() {
		return
	}
	if _, err := mutatorstest.ReadGolden(c.GoldenPath); err != nil {
		t.Error(err)
	}
}

func checkIdempotent(t *testing.T, chain *mutators.Chain, c *mutatorstest.Case, out *corev1.Pod, first mutators.Report) {
	mutatorstest.CheckSecondPass(t, chain, c.Namespace, out, first)
}

// checkPatch: an admitted pod's patch reproduces it; a denied pod gets no patch.
func checkPatch(t *testing.T, c *mutatorstest.Case, m admission.Mutation) {
	if m.Denied() {
		if m.Patch != nil {
			t.Errorf("denied with a patch: %s", m.Patch)
		}
		return
	}
	mutatorstest.CheckPatch(t, c.PodJSON, m.Patch, m.Pod)
}

// checkNoOrphans fails on a golden file whose case was renamed or removed.
func checkNoOrphans(t *testing.T, cases []*mutatorstest.Case) {
	goldens, err := filepath.Glob(filepath.Join("testdata", "*", "*"+mutatorstest.GoldenSuffix))
	if err != nil {
		t.Fatal(err)
	}
	var known []string
	for _, c := range cases {
		known = append(known, filepath.Clean(c.GoldenPath))
	}
	for _, g := range goldens {
		if !slices.Contains(known, filepath.Clean(g)) {
			t.Errorf("%s has no case file", g)
		}
	}
}
