package admission

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/patch"
	"github.com/podpatterns/podpatterns/resourcequota"
)

// Mutation is the mutating decision for one pod.
type Mutation struct {
	// Pod is the mutated pod. The input is never changed; Pod shares with it what the
	// chain left as it was (mutators.NewRequest), so treat both as read-only.
	Pod *corev1.Pod
	// Patch turns the input pod into Pod (RFC 6902); nil when nothing changed or denied.
	Patch []byte
	// Report is what the chain did: injections, skips, warnings, denials.
	Report mutators.Report
	// Denial is the message of a denied pod ("" when allowed): every problem with its
	// field path. The HTTP answer and `podpatterns inject` print it verbatim.
	Denial string
}

// Denied reports whether the pod is rejected.
func (m *Mutation) Denied() bool { return m.Denial != "" }

// MutatePod runs the mutator chain on pod in namespace ns, which it never writes (the
// chain copies only what it changes), warns when the injections take the pod over what
// a ResourceQuota of ns has left (never more than a warning), and computes the one patch
// from pod to the result. pod must be exactly as decoded from the request, so the patch applies to what
// the API server holds. The error is an internal failure (the
// patch could not be built), never a policy decision.
func (p *Pipeline) MutatePod(pod *corev1.Pod, ns mutators.Namespace) (Mutation, error) {
	req := mutators.NewRequest(pod, ns)
	p.Mutators.Mutate(req)
	if len(req.Report.Injected) > 0 && len(req.Report.Denials) == 0 {
		req.Report.Warnings = append(req.Report.Warnings, resourcequota.Warnings(p.quotas, ns.Name, pod, req.Pod)...)
	}
	m := Mutation{Pod: req.Pod, Report: req.Report}
	if len(req.Report.Denials) > 0 {
		m.Denial = denialMessage(req.Report.Denials)
		return m, nil
	}
	podPatch, err := patch.PodShared(pod, req.Pod, p.Mutators.SharedJSON())
	if err != nil {
		return m, fmt.Errorf("podpatterns: building the patch: %w", err)
	}
	m.Patch = podPatch
	return m, nil
}

// denialMessage is the one readable message of a mutation denial: every problem with
// its field path.
func denialMessage(errs field.ErrorList) string {
	var b strings.Builder
	b.WriteString("podpatterns denied the pod: ")
	for i, err := range errs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}
