package coherence

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// LifecycleBroken checks the Lifecycle invariant on a pod the chain of cfg mutated, and
// returns what breaks it ("" when it holds or does not apply). It applies when podpatterns
// gave the pod a preStop hook (the status annotation records the prestop pattern):
//   - terminationGracePeriodSeconds (30 when unset) ≥ every running container's known
//     preStop duration + lifecycle.preStop.shutdownSeconds;
//   - every classic helper podpatterns injected has a preStop at least as long as the
//     longest app preStop, unless its template brings its own hook (the admin's, whose
//     duration may not be readable).
func LifecycleBroken(cfg mutators.Config, pod *corev1.Pod) string {
	status, ok := mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
	if !ok || len(status.Injected[mutators.PatternPreStop]) == 0 {
		return ""
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if g := pod.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = *g
	}
	shutdown := *cfg.Lifecycle.PreStop.ShutdownSeconds
	var appLongest int64
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		d := mutators.PreStopSeconds(c)
		if d+shutdown > grace {
			return fmt.Sprintf("container %s: preStop %d s + shutdown %d s > grace period %d s", c.Name, d, shutdown, grace)
		}
		if _, helper := classicTemplate(cfg, c); !helper {
			appLongest = max(appLongest, d)
		}
	}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		if d := mutators.PreStopSeconds(c); c.RestartPolicy != nil && d+shutdown > grace {
			return fmt.Sprintf("native sidecar %s: preStop %d s + shutdown %d s > grace period %d s", c.Name, d, shutdown, grace)
		}
	}
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		t, helper := classicTemplate(cfg, c)
		if !helper || (t.Container.Lifecycle != nil && t.Container.Lifecycle.PreStop != nil) {
			continue
		}
		if d := mutators.PreStopSeconds(c); d < appLongest {
			return fmt.Sprintf("classic helper %s: preStop %d s is shorter than the longest app preStop %d s", c.Name, d, appLongest)
		}
	}
	return ""
}

// classicTemplate returns the classic template whose container c is.
func classicTemplate(cfg mutators.Config, c *corev1.Container) (mutators.SidecarTemplate, bool) {
	for _, t := range cfg.Sidecars {
		if !t.IsNative() && t.Container.Name == c.Name && t.Container.Image == c.Image {
			return t, true
		}
	}
	return mutators.SidecarTemplate{}, false
}
