package mutators

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// idler is a mutator that can tell, from the fields a lightweight decode gives
// (annotations, labels, priority class, containers' names and resources), that it would
// do nothing for a pod.
type idler interface {
	idle(pod *corev1.Pod, ns Namespace) bool
}

// Idle reports whether Mutate would certainly leave pod unchanged with an empty report:
// no podpatterns.io annotation on the pod or its namespace, no pattern on by default
// and no default for the pod to take. The webhook then answers without decoding the
// whole pod, copying it or diffing it. A mutator that cannot tell makes the chain not
// idle. pod needs only its metadata and its containers' names, resources, ports and
// whether they set a readiness probe.
func (c *Chain) Idle(pod *corev1.Pod, ns Namespace) bool {
	if hasPodpatternsKey(pod.Annotations) || hasPodpatternsKey(ns.Annotations) {
		return false
	}
	// The bounds Mutate checks before any pattern deny or warn whatever is selected.
	if containerCount(pod) > c.maxContainers || len(podresources.CheckQuantities(pod)) > 0 {
		return false
	}
	if !allIdle(c.defaulters, pod, ns) || !allIdle(c.finishers, pod, ns) {
		return false
	}
	return ns.Labels[LabelInject] != InjectEnabled || allIdle(c.mutators, pod, ns)
}

func allIdle(ms []Mutator, pod *corev1.Pod, ns Namespace) bool {
	for _, m := range ms {
		if i, ok := m.(idler); !ok || !i.idle(pod, ns) {
			return false
		}
	}
	return true
}

// annotationPrefix is what every podpatterns annotation key starts with.
const annotationPrefix = "podpatterns.io/"

func hasPodpatternsKey(m map[string]string) bool {
	for k := range m {
		if strings.HasPrefix(k, annotationPrefix) {
			return true
		}
	}
	return false
}

// Without an annotation, these select nothing.
func (m *configTemplater) idle(*corev1.Pod, Namespace) bool   { return true }
func (m *configImager) idle(*corev1.Pod, Namespace) bool      { return true }
func (m *containerInjector) idle(*corev1.Pod, Namespace) bool { return true }
func (m *downwardAPI) idle(*corev1.Pod, Namespace) bool       { return !m.cfg.ByDefault }
func (m *preStop) idle(*corev1.Pod, Namespace) bool           { return !m.cfg.ByDefault }
func (m *priorityClassDefaulter) idle(pod *corev1.Pod, ns Namespace) bool {
	_, hasDefault := m.defaults[ns.Labels[LabelProfile]]
	return pod.Spec.PriorityClassName != "" || !hasDefault
}
