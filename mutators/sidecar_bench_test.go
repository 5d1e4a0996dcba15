package mutators_test

import (
	"testing"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/webhook"
)

// BenchmarkContainerInjectors measures one chain pass (with the pod copy a request makes),
// alone and with the patch, for two golden case shapes: a first injection of all three kinds, and the no-op reinvocation of an
// already-injected pod.
func BenchmarkContainerInjectors(b *testing.B) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"sidecar/all-kinds-at-once", "sidecar/already-injected"} {
		var c *mutatorstest.Case
		for _, candidate := range cases {
			if candidate.Name == name {
				c = candidate
			}
		}
		if c == nil {
			b.Fatalf("no case %s", name)
		}
		cfg, err := webhook.ParseConfig(c.ConfigName, c.ConfigData)
		if err != nil {
			b.Fatal(err)
		}
		chain := mutators.New(cfg.MutatorsConfig, mutatorstest.Options())
		in := c.Pod()
		b.Run(name+"/mutate", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				chain.Mutate(mutators.NewRequest(in.DeepCopy(), c.Namespace))
			}
		})
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
	}
}
