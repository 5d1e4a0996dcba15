package mutators

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Warnings of the termination plan, as format strings.
const (
	// planCappedWarning: needed seconds, the cap.
	planCappedWarning = "podpatterns: the termination plan needs %d s, but lifecycle.maxGracePeriodSeconds caps the grace " +
		"period at %d s: the containers still running then are killed (the plan is in " + AnnotationStatus + ")"
	// planAssumedWarning: container, assumed seconds.
	planAssumedWarning = "podpatterns: the preStop hook of container %q has a length podpatterns cannot read " +
		"(httpGet, or an exec that does not start with a plain sleep); the termination plan assumes %d s " +
		"(the pod's preStop sleep): write it as a sleep action, or start the exec with `sleep N`, to plan it exactly"
)

// shapeTermination makes the pod's termination follow its TerminationPlan: every classic
// helper without a preStop sleeps through the app's drain and shutdown (the longest app
// preStop plus shutdownSeconds, capped so it still stops within the grace period), the
// grace period is raised to the plan's (never lowered; at most maxGrace, with a warning
// when the plan needs more), and the plan goes into the status annotation. It acts when
// apply (the pattern put a hook into an app, or is on for a pod that just got helpers) or
// when a classic helper needs a hook; hooks of unreadable length are assumed to take
// seconds, with a warning.
func (m *preStop) shapeTermination(req *Request, seconds int64, apply bool) {
	pod := req.Pod
	bare := m.bareHelpers(pod)
	if !apply && len(bare) == 0 {
		return
	}
	p := terminationPlanner{templates: m.sidecars, shutdown: *m.cfg.ShutdownSeconds, assume: seconds}
	drain, apps := p.appDrain(pod)
	limit := int64(-1) // the grace period a helper's sleep must fit in; none until capped
	sleepOf := func(c *corev1.Container) (int64, bool) {
		if !apps { // helpers serving no app need no time
			return 0, false
		}
		s := drain + p.shutdown
		if limit >= 0 {
			s = min(s, max(limit-p.stopOf(c, false), 0))
		}
		return s, s > 0
	}
	buf := new(planBuffer)
	plan := p.plan(pod, sleepOf, buf.stops[:0])
	current := gracePeriodOf(pod)
	grace := max(current, min(plan.GraceSeconds, m.maxGrace))
	need := plan.GraceSeconds
	if need > grace {
		limit = grace
		plan = p.plan(pod, sleepOf, buf.stops[:0])
	}
	if !m.coverHelpers(req, bare, sleepOf) && !apply {
		return
	}
	if grace > current {
		pod.Spec.TerminationGracePeriodSeconds = ptrTo(grace)
	}
	warnPlan(&req.Report, plan, need, grace)
	buf.plan = plan
	req.Report.Plan = &buf.plan
}

// warnPlan says when the plan needs more than the grace period it got, and which hooks
// it assumed the length of.
func warnPlan(r *Report, plan TerminationPlan, need, grace int64) {
	if need > grace {
		r.Warnings = append(r.Warnings, fmt.Sprintf(planCappedWarning, need, grace))
	}
	for _, s := range plan.Stops {
		if s.Assumed {
			r.Warnings = append(r.Warnings, fmt.Sprintf(planAssumedWarning, s.Container, s.PreStop))
		}
	}
}
