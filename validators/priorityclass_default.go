package validators

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// DefaultClassProblem says why pc, the default class of profile, would get a pod in
// namespace denied by that same profile ("" when it would not): the mutating webhook's
// defaulter asks before setting the class (mutators.Options.PriorityClassCheck), so
// podpatterns never defaults a pod into a denial. The class is judged by the validator
// itself, with pc as the only class it knows, so both webhooks apply one rule.
func (c *Config) DefaultClassProblem(profile, namespace string, pc *schedulingv1.PriorityClass) string {
	p, ok := c.Profiles[profile]
	if !ok || pc == nil {
		return ""
	}
	v := newPriorityClassValidator(NewStaticPriorityClasses(pc))
	pod := &corev1.Pod{Spec: corev1.PodSpec{PriorityClassName: pc.Name}}
	var problems []string
	for _, viol := range v.Validate(&Request{Pod: pod, Namespace: mutators.Namespace{Name: namespace}}, &p) {
		problems = append(problems, string(viol.Rule)+": "+viol.Error.Detail)
	}
	return strings.Join(problems, " and ")
}
