package admission_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/resourcequota"
)

func examplePipeline(b *testing.B) *admission.Pipeline {
	cfg := mutatorstest.ExampleConfig(b)
	return admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:bench"})
}

// BenchmarkChainAndPatch is MutatePod for the all-patterns pod: the six-pattern chain
// (copying on write what it changes of the pod) and the patch. Its allocs/op is the issue-12 target (≤ 50).
func BenchmarkChainAndPatch(b *testing.B) {
	p := examplePipeline(b)
	pod := mutatorstest.AllPatternsPod()
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	b.ReportAllocs()
	for b.Loop() {
		m, err := p.MutatePod(pod, ns)
		if err != nil || m.Patch == nil {
			b.Fatalf("no patch: %v", err)
		}
	}
}

// BenchmarkChainAndPatchPlatform is BenchmarkChainAndPatch in a namespace that holds a
// LimitRange (container defaults and a max: every injection defaulted and checked), a
// ResourceQuota with room, or both: the cost of honouring the platform's objects.
func BenchmarkChainAndPatchPlatform(b *testing.B) {
	lr := &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "lr", Namespace: "shop"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
		Type: corev1.LimitTypeContainer, Max: quantities("memory", "1Gi"), // as the API stores it: defaulted
		Default: quantities("memory", "1Gi", "ephemeral-storage", "1Gi"), DefaultRequest: quantities("memory", "1Gi", "ephemeral-storage", "50Mi")}}}}
	q := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "shop"},
		Status: corev1.ResourceQuotaStatus{Hard: quantities("requests.memory", "100Gi"), Used: quantities("requests.memory", "1Gi")}}
	for _, c := range []struct {
		name string
		deps admission.Deps
	}{
		{"limitrange", admission.Deps{LimitRanges: limitrange.Static{lr}}},
		{"quota", admission.Deps{ResourceQuotas: resourcequota.Static{q}}},
		{"both", admission.Deps{LimitRanges: limitrange.Static{lr}, ResourceQuotas: resourcequota.Static{q}}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.deps.RenderImage = "podpatterns:bench"
			p := admission.Compose(mutatorstest.ExampleConfig(b), c.deps)
			pod := mutatorstest.AllPatternsPod()
			ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
			b.ReportAllocs()
			for b.Loop() {
				m, err := p.MutatePod(pod, ns)
				if err != nil || m.Patch == nil {
					b.Fatalf("no patch: %v", err)
				}
			}
		})
	}
}
