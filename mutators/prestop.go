package mutators

import (
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
)

// preStop implements the preStop half of the Managed Lifecycle pattern (chapter 5): app
// containers without a preStop hook get a sleep, so that endpoints controllers, kube-proxy
// and load balancers stop sending traffic before the container receives SIGTERM, and
// terminationGracePeriodSeconds is raised to cover the pod's TerminationPlan.
type preStop struct {
	cfg PreStopConfig
	// sidecars tell injected classic containers from app containers.
	sidecars map[string]SidecarTemplate
	// hook is the hook of the configured sleep, built once and shared by every pod
	// that gets it (never written: TestChainLeavesSharedObjectsAlone), so the patch
	// copies its precomputed JSON (SharedJSON).
	hook *corev1.LifecycleHandler
	// maxGrace caps the grace period a termination plan asks for
	// (lifecycle.maxGracePeriodSeconds).
	maxGrace int64
}

var _ Mutator = (*preStop)(nil)

// newPreStop returns the mutator for a defaulted section.
func newPreStop(cfg Config) *preStop {
	m := &preStop{cfg: cfg.Lifecycle.PreStop, sidecars: cfg.Sidecars, maxGrace: cfg.Lifecycle.MaxGracePeriodSeconds}
	if m.maxGrace <= 0 { // a config that was not defaulted
		m.maxGrace = DefaultMaxGracePeriodSeconds
	}
	m.hook = m.newHandler(m.cfg.SleepSeconds)
	return m
}

// Name is the pattern name.
func (m *preStop) Name() string { return string(PatternPreStop) }

// Mutate adds the hook to every app container that has no preStop of its own (an
// existing hook, whatever it does, is the app's decision and is left alone), then shapes
// the pod's termination (shapeTermination): classic helpers outlive the app's drain, the
// grace period covers the whole TerminationPlan, and the status records it.
func (m *preStop) Mutate(req *Request) {
	seconds, setting, ok := preStopSetting(req, m.cfg)
	if !ok {
		return
	}
	injected := false
	if setting.on {
		injected = m.injectApps(req, seconds, setting)
	} else if setting.turnedOff {
		req.Report.Skip(PatternPreStop, BuiltinTemplate, SkipDisabled, false, "%s=false", AnnotationPreStop)
	}
	if seconds == 0 { // turned off: a hook of unknown length is assumed as long as the configured sleep
		seconds = m.cfg.SleepSeconds
	}
	m.shapeTermination(req, seconds, injected || (setting.on && injectedHelpers(&req.Report)))
}

// injectApps adds the sleep of seconds to the app containers without a preStop and
// reports whether it added any.
func (m *preStop) injectApps(req *Request, seconds int64, setting switchSetting) bool {
	pod := req.Pod
	apps := appContainers(make([]int, 0, appsOnStack), pod, m.sidecars)
	noApps := len(apps) == 0
	missing := slices.DeleteFunc(apps, func(i int) bool { return hasPreStop(&pod.Spec.Containers[i]) })
	if len(missing) == 0 {
		if setting.explicit && !statusRecords(pod, PatternPreStop) {
			why := "every app container already has its own preStop hook"
			if noApps {
				why = "the pod has no app container"
			}
			req.Report.Skip(PatternPreStop, BuiltinTemplate, SkipNotApplicable, false, "%s", why)
		}
		return false
	}
	h := m.handler(seconds)                              // one hook for the pod's app containers, never written
	lifecycles := make([]corev1.Lifecycle, len(missing)) // and one allocation for their new Lifecycles
	for k, i := range missing {
		addPreStop(req.container(i), h, &lifecycles[k])
	}
	req.Report.Inject(PatternPreStop, BuiltinTemplate)
	return true
}

// handler is the preStop hook of seconds for the configured mode: the shared one for
// the configured sleep, else a new one.
func (m *preStop) handler(seconds int64) *corev1.LifecycleHandler {
	if m.hook != nil && seconds == m.cfg.SleepSeconds {
		return m.hook
	}
	return m.newHandler(seconds)
}

// newHandler builds the preStop hook of seconds for the configured mode.
func (m *preStop) newHandler(seconds int64) *corev1.LifecycleHandler {
	if m.cfg.Mode == PreStopExec {
		return &corev1.LifecycleHandler{Exec: &corev1.ExecAction{
			Command: []string{"sleep", strconv.FormatInt(seconds, 10)},
		}}
	}
	return &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: seconds}}
}

// hasPreStop reports whether c has a preStop hook of its own.
func hasPreStop(c *corev1.Container) bool {
	return c.Lifecycle != nil && c.Lifecycle.PreStop != nil
}

// addPreStop sets h as the preStop hook of c (from Request.container, without one),
// keeping a postStart hook. lc becomes c's Lifecycle, a new value: c's own is the
// input's or, for an injected container, the config's.
func addPreStop(c *corev1.Container, h *corev1.LifecycleHandler, lc *corev1.Lifecycle) {
	if c.Lifecycle != nil {
		*lc = *c.Lifecycle
	}
	lc.PreStop = h
	c.Lifecycle = lc
}
