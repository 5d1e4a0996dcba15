package admission

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// ValidateResize judges an in-place resize (UPDATE of pods/resize): pod is the pod with
// its new resources, old the pod before. Only resource rules count, and only what the
// resize changes (validators.ResizeViolations): a pod admitted before a probe rule, or
// under audit, can be resized, VPA in-place updates included.
func (p *Pipeline) ValidateResize(old, pod *corev1.Pod, ns mutators.Namespace) Validation {
	res := p.Validators.Validate(&validators.Request{Pod: pod, Namespace: ns})
	if len(res.Violations) > 0 {
		before := p.Validators.Validate(&validators.Request{Pod: old, Namespace: ns})
		res.Violations = validators.ResizeViolations(before.Violations, res.Violations)
	}
	return Validation{Result: res, Answer: res.Response()}
}
