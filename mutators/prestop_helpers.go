package mutators

import corev1 "k8s.io/api/core/v1"

// bareHelpers returns the indices of the classic helpers podpatterns injected (a
// sidecar, adapter or ambassador template with native: false, in spec.containers) that
// have no preStop: a template's own preStop is the admin's decision and is kept.
func (m *preStop) bareHelpers(pod *corev1.Pod) []int {
	var bare []int
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		if _, ok := m.classicTemplateOf(c); ok && !hasPreStop(c) {
			bare = append(bare, i)
		}
	}
	return bare
}

// coverHelpers gives each classic helper of bare the preStop sleep sleepOf says, and
// reports whether it gave any. The kubelet runs every container's preStop hook at once
// and sends SIGTERM to a main container when its own hook ends: a classic proxy without
// a hook would stop at once, while the app still drains and shuts down through it. Its
// sleep is the app's drain plus its shutdown (shapeTermination). Native helpers need
// none: the kubelet stops them only after every main container has exited.
func (m *preStop) coverHelpers(req *Request, bare []int, sleepOf func(*corev1.Container) (int64, bool)) bool {
	added := false
	for _, i := range bare {
		c := &req.Pod.Spec.Containers[i]
		seconds, ok := sleepOf(c)
		if !ok {
			continue
		}
		name, _ := m.classicTemplateOf(c)
		addPreStop(req.container(i), m.handler(seconds), new(corev1.Lifecycle))
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

// injectedHelpers reports whether this pass injected a sidecar, adapter or ambassador:
// a pod whose preStop pattern is on then gets a termination plan that budgets them.
func injectedHelpers(r *Report) bool {
	for _, in := range r.Injected {
		switch in.Pattern {
		case PatternSidecar, PatternAdapter, PatternAmbassador:
			return true
		}
	}
	return false
}
