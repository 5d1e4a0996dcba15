package mutators

import corev1 "k8s.io/api/core/v1"

// TerminationPlan is how the kubelet will stop a pod once it is deleted, as podpatterns
// budgets it: for every running container, when it gets SIGTERM and by when it has
// exited, in seconds after the deletion. It follows the kubelet's rules
// (pkg/kubelet/kuberuntime: killContainer and its terminationOrdering; the Kubernetes
// docs, "Pod termination with sidecar containers"):
//   - every running container's preStop hook starts at once when the pod is deleted,
//     native sidecars' included, and a container gets SIGTERM when its hook has ended;
//   - a native sidecar (an init container with restartPolicy Always) gets SIGTERM only
//     once its hook has ended, every main container (spec.containers) has exited and
//     every native sidecar after it in spec.initContainers has exited: they stop in
//     reverse order of their start;
//   - every deadline counts from the deletion against one grace period,
//     terminationGracePeriodSeconds; what still runs at its end is killed.
//
// It is recorded in the status annotation (Status.Plan) of the pods whose termination
// podpatterns shaped.
type TerminationPlan struct {
	// GraceSeconds is the grace period the plan needs: its last exit.
	GraceSeconds int64 `json:"graceSeconds"`
	// Stops are the running containers: the main containers in their order, then the
	// native sidecars in the order they get SIGTERM.
	Stops []PlanStop `json:"stops"`
}

// PlanStop is one container's part of a TerminationPlan.
type PlanStop struct {
	Container string `json:"container"`
	// PreStop is the length of its preStop hook: read from the spec (PreStopSeconds), or
	// assumed when the spec does not say (Assumed).
	PreStop int64 `json:"preStop"`
	// Term is when it gets SIGTERM, Exit by when it has exited: Term plus the time it
	// needs after SIGTERM (shutdownSeconds for the pod's own containers, the template's
	// shutdownSeconds for a helper).
	Term int64 `json:"term"`
	Exit int64 `json:"exit"`
	// Assumed says PreStop is an assumption: a hook whose length cannot be read
	// (httpGet, a script that is not a plain sleep).
	Assumed bool `json:"assumed,omitempty"`
}

// terminationPlanner computes TerminationPlans for one config and pod setting.
type terminationPlanner struct {
	templates map[string]SidecarTemplate
	// shutdown is the pod's own containers' time after SIGTERM (lifecycle.preStop.shutdownSeconds).
	shutdown int64
	// assume is the length assumed for a hook that cannot be read: the pod's preStop
	// sleep (podpatterns.io/prestop's seconds, else lifecycle.preStop.sleepSeconds).
	assume int64
}

// hook is c's preStop length and whether it is assumed.
func (p *terminationPlanner) hook(c *corev1.Container) (int64, bool) {
	if !hasPreStop(c) {
		return 0, false
	}
	if n := PreStopSeconds(c); n > 0 || readablePreStop(c.Lifecycle.PreStop) {
		return n, false
	}
	return p.assume, true
}

// readablePreStop reports whether h's length is in the spec (a sleep action, an exec
// that is a recognisable sleep), even when that length is 0.
func readablePreStop(h *corev1.LifecycleHandler) bool {
	return h.Sleep != nil || (h.Exec != nil && execSleepSeconds(h.Exec.Command) > 0)
}

// helper reports whether c is the container of a template among the native (native
// true) or classic ones, and that helper's time after SIGTERM (its StopSeconds).
func (p *terminationPlanner) helper(c *corev1.Container, native bool) (stop int64, ok bool) {
	for _, t := range p.templates {
		if t.IsNative() == native && t.Container.Name == c.Name && t.Container.Image == c.Image {
			return t.StopSeconds(), true
		}
	}
	return 0, false
}

// stopOf is c's time after SIGTERM: the helper template's, else the app's budget.
func (p *terminationPlanner) stopOf(c *corev1.Container, native bool) int64 {
	if stop, ok := p.helper(c, native); ok {
		return stop
	}
	return p.shutdown
}

// appDrain is the longest preStop among the pod's own containers (assumed where it
// cannot be read); ok is false when the pod has none of its own.
func (p *terminationPlanner) appDrain(pod *corev1.Pod) (longest int64, ok bool) {
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		if _, helper := p.helper(c, false); helper {
			continue
		}
		n, _ := p.hook(c)
		longest, ok = max(longest, n), true
	}
	return longest, ok
}

// plan is the pod's TerminationPlan, its stops appended to dst[:0]. bareSleep(c) is the
// hook a classic helper without a preStop will get (ok false: none).
func (p *terminationPlanner) plan(pod *corev1.Pod, bareSleep func(c *corev1.Container) (int64, bool), dst []PlanStop) TerminationPlan {
	stops := dst[:0]
	var mains int64
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		n, assumed := p.hook(c)
		stop := p.shutdown
		if helperStop, helper := p.helper(c, false); helper {
			stop = helperStop
			if !hasPreStop(c) && bareSleep != nil {
				n, _ = bareSleep(c)
			}
		}
		s := PlanStop{Container: c.Name, PreStop: n, Term: n, Exit: n + stop, Assumed: assumed}
		mains = max(mains, s.Exit)
		stops = append(stops, s)
	}
	last := mains
	for i := len(pod.Spec.InitContainers) - 1; i >= 0; i-- {
		c := &pod.Spec.InitContainers[i]
		if !isRestartable(c) {
			continue
		}
		n, assumed := p.hook(c)
		term := max(n, last) // after the main containers and the sidecars started after it
		last = term + p.stopOf(c, true)
		stops = append(stops, PlanStop{Container: c.Name, PreStop: n, Term: term, Exit: last, Assumed: assumed})
	}
	return TerminationPlan{GraceSeconds: last, Stops: stops}
}

// PlanTermination is the TerminationPlan of a pod as it is, for cfg, assuming assume
// seconds for a hook whose length cannot be read: what the status annotation of a pod
// podpatterns shaped records (coherence checks the two agree).
func PlanTermination(cfg Config, pod *corev1.Pod, assume int64) TerminationPlan {
	p := terminationPlanner{templates: cfg.Sidecars, shutdown: *cfg.Lifecycle.PreStop.ShutdownSeconds, assume: assume}
	return p.plan(pod, nil, nil)
}

// planStopsInline is how many stops a planBuffer holds without another allocation.
const planStopsInline = 8

// planBuffer holds a plan and its first stops in one allocation (the plan goes into the
// Report, so it lives on the heap).
type planBuffer struct {
	plan  TerminationPlan
	stops [planStopsInline]PlanStop
}

// gracePeriodOf is the pod's terminationGracePeriodSeconds, the apiserver's default of
// 30 when unset.
func gracePeriodOf(pod *corev1.Pod) int64 {
	if g := pod.Spec.TerminationGracePeriodSeconds; g != nil {
		return *g
	}
	return corev1.DefaultTerminationGracePeriodSeconds
}
