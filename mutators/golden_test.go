package mutators_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

var update = flag.Bool("update", false, "rewrite testdata/*/*.golden.yaml from the current behaviour")

// TestGolden replays every testdata/<mutator>/<case>.yaml through the standard chain and
// checks, per case: the result matches the golden file; a second pass changes nothing;
// the JSON patch of the pass, applied to the input JSON, reproduces the mutated pod.
func TestGolden(t *testing.T) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases under testdata/")
	}
	chains := chainCache{}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			chain := chains.get(t, c)
			out, report := mutatorstest.Mutate(chain, c)
			t.Run("golden", func(t *testing.T) { checkGolden(t, c, out, report) })
			t.Run("idempotent", func(t *testing.T) { checkIdempotent(t, chain, c, out, report) })
			t.Run("patch", func(t *testing.T) { checkPatch(t, c, out) })
		})
	}
	t.Run("no-orphan-golden-files", func(t *testing.T) { checkNoOrphans(t, cases) })
}

// chainCache builds one chain per config source, as the server builds one per revision.
type chainCache map[string]*mutators.Chain

func (cc chainCache) get(t *testing.T, c *mutatorstest.Case) *mutators.Chain {
	t.Helper()
	if chain, ok := cc[c.ConfigName]; ok {
		return chain
	}
	cfg, err := webhook.ParseConfig(c.ConfigName, c.ConfigData)
	if err != nil {
		t.Fatal(err)
	}
	chain := mutators.New(cfg.MutatorsConfig, mutatorstest.Options())
	cc[c.ConfigName] = chain
	return chain
}

func checkGolden(t *testing.T, c *mutatorstest.Case, out *corev1.Pod, report mutators.Report) {
	got, err := mutatorstest.NewGolden(out, report).Marshal(c.Why)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(c.GoldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(c.GoldenPath)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (-want +got; run with -update if the change is intended):\n%s",
			c.GoldenPath, cmp.Diff(lines(want), lines(got)))
	}
	if _, err := mutatorstest.ReadGolden(c.GoldenPath); err != nil {
		t.Error(err)
	}
}

// lines splits a file for a line-by-line diff.
func lines(b []byte) []string { return strings.Split(string(b), "\n") }

func checkIdempotent(t *testing.T, chain *mutators.Chain, c *mutatorstest.Case, out *corev1.Pod, first mutators.Report) {
	req := mutators.NewRequest(out.DeepCopy(), c.Namespace)
	chain.Mutate(req)
	if err := mutatorstest.SecondPass(first, req.Report); err != nil {
		t.Error(err)
	}
	if !equality.Semantic.DeepEqual(out, req.Pod) {
		t.Errorf("second pass changed the pod (-first +second):\n%s", cmp.Diff(out, req.Pod))
	}
	if patch, err := webhook.PodPatch(out, req.Pod); err != nil || patch != nil {
		t.Errorf("second pass yields a patch %s (err %v)", patch, err)
	}
}

func checkPatch(t *testing.T, c *mutatorstest.Case, out *corev1.Pod) {
	patch, err := webhook.PodPatch(c.Pod(), out)
	if err != nil {
		t.Fatal(err)
	}
	patched, err := mutatorstest.ApplyPatch(c.PodJSON, patch)
	if err != nil {
		t.Fatalf("applying %s: %v", patch, err)
	}
	if !equality.Semantic.DeepEqual(out, patched) {
		t.Errorf("patched input differs from the mutated pod (-mutated +patched):\n%s\npatch: %s",
			cmp.Diff(out, patched), patch)
	}
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
