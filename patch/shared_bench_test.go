package patch_test

import (
	"encoding/json"
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/patch"
)

// BenchmarkHarnessPatch is the patch alone of the harness's all-six request
// (webhook/testdata/bench/all.json, namespace labelled as `make bench` labels it):
// written through the chain's precomputed JSON (what MutatePod does) and by
// reflection alone, side by side in one run.
func BenchmarkHarnessPatch(b *testing.B) {
	data, err := os.ReadFile("../webhook/testdata/bench/all.json")
	if err != nil {
		b.Fatal(err)
	}
	var review struct{ Request struct{ Object corev1.Pod } }
	if err := json.Unmarshal(data, &review); err != nil {
		b.Fatal(err)
	}
	in := &review.Request.Object
	p := examplePipeline(b)
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}}
	m, err := p.MutatePod(in, ns)
	if err != nil || m.Patch == nil {
		b.Fatalf("no patch: %v", err)
	}
	s := p.Mutators.SharedJSON()
	for name, write := range map[string]func() ([]byte, error){
		"shared":     func() ([]byte, error) { return patch.PodShared(in, m.Pod, s) },
		"reflection": func() ([]byte, error) { return patch.Pod(in, m.Pod) },
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := write(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
