package mutators

import (
	"fmt"
	"math"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// PreStopMode says how the preStop sleep is implemented.
type PreStopMode string

// PreStop modes.
const (
	// PreStopSleep uses the native `sleep` lifecycle action (Kubernetes ≥ 1.30): no shell
	// or sleep binary needed in the image.
	PreStopSleep PreStopMode = "sleep"
	// PreStopExec runs `sleep N` in the container, for older clusters.
	PreStopExec PreStopMode = "exec"
)

// MaxPreStopSleepSeconds bounds maxSleepSeconds: a drain longer than an hour is a
// misconfiguration, and the bound keeps sleep + shutdown far from overflowing.
const MaxPreStopSleepSeconds = 3600

// DefaultPreStopSleepSeconds is the default preStop sleep. The sleep must outlast the time
// between the pod turning Terminating and the last proxy dropping it: the endpoints
// controller, then every kube-proxy, and ingress controllers and cloud load balancers,
// which take 10 to 30 s in the field (the lifecycle notes measure the race with 30 s). A
// sleep that is too short drops requests; one that is too long only slows a rollout, so
// the default covers the slow end; podpatterns.io/prestop: "<seconds>" sets another per
// namespace or pod.
const DefaultPreStopSleepSeconds = 30

// DefaultMaxGracePeriodSeconds is the default of lifecycle.maxGracePeriodSeconds: the
// termination plan of a pod raises its grace period to at most this (with a warning when
// the plan needs more). Five minutes is far above what the default plan of the
// all-patterns pod needs (about 75 s), and short enough that a hung container does not
// hold a node drain for long.
const DefaultMaxGracePeriodSeconds = 300

// LifecycleConfig configures the Managed Lifecycle pattern (chapter 5).
type LifecycleConfig struct {
	PreStop PreStopConfig `json:"preStop"`
	// MaxGracePeriodSeconds caps the grace period a pod's termination plan raises
	// terminationGracePeriodSeconds to (never lowering the pod's own). Default
	// DefaultMaxGracePeriodSeconds.
	MaxGracePeriodSeconds int64 `json:"maxGracePeriodSeconds,omitempty"`
}

// PreStopConfig: a preStop sleep gives endpoints controllers and load balancers time to
// stop sending traffic before the container gets SIGTERM.
type PreStopConfig struct {
	// Default injects into every pod of an opted-in namespace that does not say
	// podpatterns.io/prestop itself. Default false.
	ByDefault bool `json:"default,omitempty"`
	// SleepSeconds of the preStop sleep. Default DefaultPreStopSleepSeconds (or
	// maxSleepSeconds when that is lower).
	SleepSeconds int64 `json:"sleepSeconds,omitempty"`
	// MaxSleepSeconds caps the value a pod may ask for with podpatterns.io/prestop=<seconds>.
	// Default 60.
	MaxSleepSeconds int64 `json:"maxSleepSeconds,omitempty"`
	// ShutdownSeconds is the time the app needs after SIGTERM; terminationGracePeriodSeconds
	// is raised to at least sleep + shutdown, never lowered. Default 30; 0 is allowed (a
	// pointer, so that an explicit 0 is not taken for "unset").
	ShutdownSeconds *int64 `json:"shutdownSeconds,omitempty"`
	// Mode is sleep (native action, default) or exec.
	Mode PreStopMode `json:"mode,omitempty"`
}

// Default fills in the durations and mode.
func (c *LifecycleConfig) Default() {
	p := &c.PreStop
	if p.MaxSleepSeconds == 0 {
		// A sleep the user wrote above the default cap raises the cap with it: the
		// default never makes the value the user wrote invalid (sleepSeconds above
		// MaxPreStopSleepSeconds is refused on sleepSeconds itself).
		p.MaxSleepSeconds = max(60, min(p.SleepSeconds, MaxPreStopSleepSeconds))
	}
	if c.MaxGracePeriodSeconds == 0 {
		c.MaxGracePeriodSeconds = DefaultMaxGracePeriodSeconds
	}
	if p.SleepSeconds == 0 {
		// A config written for the old default (5) may cap the sleep below the new one:
		// it stays valid, with the cap as its default.
		p.SleepSeconds = min(DefaultPreStopSleepSeconds, max(p.MaxSleepSeconds, 1))
	}
	if p.ShutdownSeconds == nil {
		p.ShutdownSeconds = ptrTo(int64(30))
	}
	if p.Mode == "" {
		p.Mode = PreStopSleep
	}
}

// Validate checks a defaulted section.
func (c *LifecycleConfig) Validate(path *field.Path) field.ErrorList {
	var errs field.ErrorList
	p, pp := c.PreStop, path.Child("preStop")
	switch {
	case p.SleepSeconds < 1:
		errs = append(errs, field.Invalid(pp.Child("sleepSeconds"), p.SleepSeconds, "must be at least 1"))
	case p.SleepSeconds > MaxPreStopSleepSeconds:
		errs = append(errs, field.Invalid(pp.Child("sleepSeconds"), p.SleepSeconds,
			fmt.Sprintf("must be at most %d", MaxPreStopSleepSeconds)))
	case p.MaxSleepSeconds < p.SleepSeconds:
		errs = append(errs, field.Invalid(pp.Child("maxSleepSeconds"), p.MaxSleepSeconds, "must be at least sleepSeconds"))
	}
	if c.MaxGracePeriodSeconds < 1 || c.MaxGracePeriodSeconds > math.MaxInt32 {
		errs = append(errs, field.Invalid(path.Child("maxGracePeriodSeconds"), c.MaxGracePeriodSeconds,
			fmt.Sprintf("must be from 1 to %d", math.MaxInt32)))
	}
	if p.MaxSleepSeconds > MaxPreStopSleepSeconds {
		errs = append(errs, field.Invalid(pp.Child("maxSleepSeconds"), p.MaxSleepSeconds,
			fmt.Sprintf("must be at most %d", MaxPreStopSleepSeconds)))
	}
	if p.ShutdownSeconds != nil && (*p.ShutdownSeconds < 0 || *p.ShutdownSeconds > math.MaxInt32) {
		errs = append(errs, field.Invalid(pp.Child("shutdownSeconds"), *p.ShutdownSeconds,
			fmt.Sprintf("must be from 0 to %d", math.MaxInt32)))
	}
	switch p.Mode {
	case PreStopSleep, PreStopExec:
	default:
		errs = append(errs, field.NotSupported(pp.Child("mode"), p.Mode, []PreStopMode{PreStopSleep, PreStopExec}))
	}
	return errs
}
