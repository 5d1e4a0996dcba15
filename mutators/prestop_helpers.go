package mutators

import corev1 "k8s.io/api/core/v1"

// coverHelpers gives every classic helper podpatterns injected (a sidecar, adapter or
// ambassador template with native: false, in spec.containers) a preStop sleep as long as
// the longest app preStop, when it has no preStop of its own, and reports whether it gave
// any. The kubelet runs every container's preStop hook at once and sends SIGTERM to each
// container when its own hook ends: without this a proxy would stop while the app still
// drains through it. Native helpers need nothing: the kubelet stops them only after every
// app container has exited. A template's own preStop is the admin's decision and is kept.
func (m *preStop) coverHelpers(req *Request, apps []int) bool {
	pod := req.Pod
	drain := longestAppPreStop(pod, apps)
	if drain == 0 {
		return false
	}
	added := false
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		name, ok := m.classicTemplateOf(c)
		if !ok || hasPreStop(c) {
			continue
		}
		addPreStop(req.container(i), m.handler(drain), new(corev1.Lifecycle))
		req.Report.Inject(PatternPreStop, name)
		added = true
	}
	return added
}

// classicTemplateOf returns the name of the classic template whose container c is.
func (m *preStop) classicTemplateOf(c *corev1.Container) (string, bool) {
	for name, t := range m.sidecars {
		if !t.IsNative() && t.Container.Name == c.Name && t.Container.Image == c.Image {
			return name, true
		}
	}
	return "", false
}
