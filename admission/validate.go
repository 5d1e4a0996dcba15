package admission

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Validation is the validating decision for one pod.
type Validation struct {
	// Result is the profile, effective mode and every violation.
	validators.Result
	// Answer is the result in its mode's form: denial message, warnings or audit
	// annotations. The HTTP answer and `podpatterns validate` print it verbatim.
	Answer validators.Response
}

// ValidatePod checks pod against the profile its namespace ns names. Only pod CREATEs
// reach the core: the HTTP layer admits every other operation unchanged before it.
func (p *Pipeline) ValidatePod(pod *corev1.Pod, ns mutators.Namespace) Validation {
	res := p.Validators.Validate(&validators.Request{Pod: pod, Namespace: ns})
	return Validation{Result: res, Answer: res.Response()}
}
