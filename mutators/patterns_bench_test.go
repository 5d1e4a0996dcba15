package mutators_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

// BenchmarkPatterns measures one chain pass plus the JSON patch for golden cases of the
// configuration template, Downward API and preStop patterns, alone and all patterns at
// once, and the no-op second pass over the mutated pod (what a reinvocation costs).
func BenchmarkPatterns(b *testing.B) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		b.Fatal(err)
	}
	byName := map[string]*mutatorstest.Case{}
	for _, c := range cases {
		byName[c.Name] = c
	}
	for _, name := range []string{
		"config-template/pod-annotation", "downward-api/every-app-container",
		"prestop/existing-prestop-kept", "combined/everything-at-once",
	} {
		c := byName[name]
		if c == nil {
			b.Fatalf("no case %s", name)
		}
		cfg, err := webhook.ParseConfig(c.ConfigName, c.ConfigData)
		if err != nil {
			b.Fatal(err)
		}
		chain := mutators.New(cfg.MutatorsConfig, mutatorstest.Options())
		in := c.Pod()
		b.Run(name+"/mutate+patch", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := mutators.NewRequest(in.DeepCopy(), c.Namespace)
				chain.Mutate(req)
				if _, err := webhook.PodPatch(in, req.Pod); err != nil {
					b.Fatal(err)
				}
			}
		})
		out, _ := mutatorstest.Mutate(chain, c)
		b.Run(name+"/second-pass", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := mutators.NewRequest(out.DeepCopy(), c.Namespace)
				chain.Mutate(req)
				if _, err := webhook.PodPatch(out, req.Pod); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
