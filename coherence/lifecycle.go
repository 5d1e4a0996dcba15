package coherence

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// LifecycleBroken checks the Lifecycle invariant on a pod the chain of cfg mutated, and
// returns what breaks it ("" when it holds or does not apply). It applies when podpatterns
// shaped the pod's termination (the status annotation records a termination plan, or the
// prestop pattern, which never comes without one):
//   - the recorded plan is the pod's: mutators.PlanTermination of the mutated pod, with
//     the plan's own assumption for hooks of unreadable length, gives the same plan;
//   - terminationGracePeriodSeconds (30 when unset) covers the plan, or is at least
//     lifecycle.maxGracePeriodSeconds when the plan needs more;
//   - every classic helper podpatterns injected sleeps in preStop through the longest app
//     preStop plus shutdownSeconds, or until its own stop time before the grace period
//     ends, unless its template brings its own hook (the admin's).
func LifecycleBroken(cfg mutators.Config, pod *corev1.Pod) string {
	status, ok := mutators.ParseStatus(pod.Annotations[mutators.AnnotationStatus])
	if !ok || (status.Plan == nil && len(status.Injected[mutators.PatternPreStop]) == 0) {
		return ""
	}
	if status.Plan == nil {
		return "the status records preStop hooks but no termination plan"
	}
	recorded := *status.Plan
	if got := mutators.PlanTermination(cfg, pod, assumedSeconds(cfg, recorded)); !samePlan(got, recorded) {
		return fmt.Sprintf("the status's plan %+v is not the pod's %+v", recorded, got)
	}
	grace := int64(corev1.DefaultTerminationGracePeriodSeconds)
	if g := pod.Spec.TerminationGracePeriodSeconds; g != nil {
		grace = *g
	}
	if limit := cfg.Lifecycle.MaxGracePeriodSeconds; grace < min(recorded.GraceSeconds, limit) {
		return fmt.Sprintf("grace period %d s < the plan's %d s (cap %d s)", grace, recorded.GraceSeconds, limit)
	}
	return classicHelperBroken(cfg, pod, recorded, grace)
}

// classicHelperBroken checks the classic helpers' sleeps against the plan.
func classicHelperBroken(cfg mutators.Config, pod *corev1.Pod, plan mutators.TerminationPlan, grace int64) string {
	var drain int64
	apps := false
	for _, s := range plan.Stops {
		if c := appContainer(cfg, pod, s.Container); c != nil {
			drain, apps = max(drain, s.PreStop), true
		}
	}
	if !apps { // helpers serving no app need no sleep
		return ""
	}
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		t, helper := classicTemplate(cfg, c)
		if !helper || (t.Container.Lifecycle != nil && t.Container.Lifecycle.PreStop != nil) {
			continue
		}
		want := min(drain+*cfg.Lifecycle.PreStop.ShutdownSeconds, max(grace-t.StopSeconds(), 0))
		if d := mutators.PreStopSeconds(c); d < want {
			return fmt.Sprintf("classic helper %s: preStop %d s is shorter than the app's drain and shutdown %d s", c.Name, d, want)
		}
	}
	return ""
}

// assumedSeconds is what the plan assumed for a hook of unreadable length (the
// configured sleep when it assumed nothing).
func assumedSeconds(cfg mutators.Config, plan mutators.TerminationPlan) int64 {
	for _, s := range plan.Stops {
		if s.Assumed {
			return s.PreStop
		}
	}
	return cfg.Lifecycle.PreStop.SleepSeconds
}

func samePlan(a, b mutators.TerminationPlan) bool {
	return a.GraceSeconds == b.GraceSeconds && slices.Equal(a.Stops, b.Stops)
}

// appContainer returns the pod's app container named name: in spec.containers, not a
// classic helper of cfg's.
func appContainer(cfg mutators.Config, pod *corev1.Pod, name string) *corev1.Container {
	for i := range pod.Spec.Containers {
		if c := &pod.Spec.Containers[i]; c.Name == name {
			if _, helper := classicTemplate(cfg, c); !helper {
				return c
			}
		}
	}
	return nil
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
