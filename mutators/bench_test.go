package mutators_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// BenchmarkGoldenCases measures, for golden cases of every pattern: one chain pass (with
// the pod copy a request makes), the pass plus the JSON patch, and the no-op second pass
// over the mutated pod (what a reinvocation costs).
func BenchmarkGoldenCases(b *testing.B) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		b.Fatal(err)
	}
	byName := map[string]*mutatorstest.Case{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	for _, name := range []string{
		"sidecar/all-kinds-at-once", "sidecar/already-injected",
		"config-template/pod-annotation", "downward-api/every-app-container",
		"prestop/existing-prestop-kept", "combined/everything-at-once",
	} {
		c := byName[name]
		if c == nil {
			b.Fatalf("no case %s", name)
		}
		cfg, err := config.Parse(c.ConfigName, c.ConfigData)
		if err != nil {
			b.Fatal(err)
		}
		chain := mutators.New(cfg.Mutators, mutatorstest.Options())
		in := c.Pod()
		out, _ := mutatorstest.Mutate(chain, c)
		b.Run(name+"/mutate", func(b *testing.B) { benchPass(b, chain, c, in, false) })
		b.Run(name+"/mutate+patch", func(b *testing.B) { benchPass(b, chain, c, in, true) })
		b.Run(name+"/second-pass", func(b *testing.B) { benchPass(b, chain, c, out, true) })
	}
}

func benchPass(b *testing.B, chain *mutators.Chain, c *mutatorstest.Case, in *corev1.Pod, withPatch bool) {
	b.ReportAllocs()
	for b.Loop() {
		req := mutators.NewRequest(in.DeepCopy(), c.Namespace)
		chain.Mutate(req)
		if !withPatch {
			continue
		}
		if _, err := patch.Pod(in, req.Pod); err != nil {
			b.Fatal(err)
		}
	}
}
