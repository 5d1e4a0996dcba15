package admission

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/limitrange"
)

// AsAdmitted returns pod as the API server hands it to the mutating webhooks in
// namespace: with the container defaults of the namespace's LimitRanges (LimitRanger
// runs before the webhooks). /mutate and /validate receive pods in that state already;
// a workload's pod template (CheckTemplate) and a file given to the CLI never went
// through it. pod itself when the namespace has no default (or no LimitRange getter);
// pod is never written.
func (p *Pipeline) AsAdmitted(pod *corev1.Pod, namespace string) *corev1.Pod {
	return limitrange.Of(p.limitRanges, namespace).DefaultPod(pod)
}
