package admission

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// Decision is what the cluster decides for one pod CREATE: the mutating webhook, then
// the validating webhook on the mutated pod. The CLI's `validate`, the two HTTP webhooks
// in sequence and the real apiserver all give this answer (one decision, three doors).
type Decision struct {
	// Mutation is the mutating webhook's decision.
	Mutation Mutation
	// Validation is the validating webhook's decision on Mutation.Pod; nil when the
	// mutating webhook denied the pod (the validating webhook never sees it).
	Validation *Validation
}

// Decide mutates pod in namespace ns, then validates the result.
func (p *Pipeline) Decide(pod *corev1.Pod, ns mutators.Namespace) (Decision, error) {
	m, err := p.MutatePod(pod, ns)
	if err != nil || m.Denied() {
		return Decision{Mutation: m}, err
	}
	v := p.ValidatePod(m.Pod.DeepCopy(), ns)
	return Decision{Mutation: m, Validation: &v}, nil
}

// Allowed reports whether both webhooks admit the pod.
func (d Decision) Allowed() bool {
	return !d.Mutation.Denied() && d.Validation.Answer.Allowed
}

// Denial is the message of the webhook that denied the pod ("" when allowed).
func (d Decision) Denial() string {
	if d.Mutation.Denied() {
		return d.Mutation.Denial
	}
	return d.Validation.Answer.Message
}

// Warnings are every warning the client receives, in order: the mutating webhook's,
// then the validating webhook's.
func (d Decision) Warnings() []string {
	out := append([]string(nil), d.Mutation.Report.Warnings...)
	if d.Validation != nil {
		out = append(out, d.Validation.Answer.Warnings...)
	}
	return out
}
