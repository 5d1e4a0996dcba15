package mutators

import (
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Skip reasons of the priority class defaulter.
const (
	// SkipClassNotFound: the profile's default priority class does not exist in the
	// cluster (or the cache could not be read); naming it would make the apiserver reject
	// the pod.
	SkipClassNotFound SkipReason = "class-not-found"
	// SkipClassBreaksProfile: the profile's default class breaks the profile's own
	// priority class rules (a value above maxValue, a class the selector does not admit):
	// setting it would have the validating webhook deny a pod for podpatterns' own choice.
	SkipClassBreaksProfile SkipReason = "class-breaks-profile"
)

// priorityClassDefaulter gives a pod that names no priority class the default class of
// its namespace's profile (Predictable Demands: every pod states its importance).
//
// The apiserver's Priority admission plugin runs before the webhooks: it has already set
// spec.priority (and preemptionPolicy) from the cluster's global default class, or to 0.
// Because the webhook changes the pod, the apiserver runs its own mutating plugins again
// afterwards, and the Priority plugin rejects a pod whose spec.priority differs from the
// value of its class. So the defaulter sets the class's value and preemption policy
// along with its name; with no view of the cluster (the offline CLI) it clears them
// instead, and the Priority plugin fills them in on creation.
type priorityClassDefaulter struct {
	// defaults maps a profile name to its default class.
	defaults map[string]string
	classes  PriorityClassGetter
	check    func(profile, namespace string, pc *schedulingv1.PriorityClass) string
}

var _ Mutator = (*priorityClassDefaulter)(nil)

// newPriorityClassDefaulter applies defaults (profile → class, validated by the
// validators' config), resolves classes through classes (nil: no cluster view) and asks
// check whether a resolved class breaks its profile (nil: no check).
func newPriorityClassDefaulter(defaults map[string]string, classes PriorityClassGetter,
	check func(profile, namespace string, pc *schedulingv1.PriorityClass) string) *priorityClassDefaulter {
	return &priorityClassDefaulter{defaults: defaults, classes: classes, check: check}
}

// Name is the pattern name.
func (m *priorityClassDefaulter) Name() string { return string(PatternPriorityClass) }

// Mutate sets the profile's default class on a pod that names none. A pod that names a
// class (itself, or through the cluster's global default) keeps it: the validating
// webhook judges it.
func (m *priorityClassDefaulter) Mutate(req *Request) {
	pod := req.Pod
	if pod.Spec.PriorityClassName != "" {
		return
	}
	profile := req.Namespace.Labels[LabelProfile]
	class, ok := m.defaults[profile]
	if !ok {
		return
	}
	if m.classes == nil {
		pod.Spec.PriorityClassName = class
		pod.Spec.Priority, pod.Spec.PreemptionPolicy = nil, nil
		req.Report.Inject(PatternPriorityClass, class)
		return
	}
	pc, err := m.classes.Get(class)
	switch {
	case apierrors.IsNotFound(err):
		req.Report.Skip(PatternPriorityClass, class, SkipClassNotFound, true,
			"the profile's default PriorityClass %s does not exist", class)
		return
	case err != nil:
		req.Report.Skip(PatternPriorityClass, class, SkipClassNotFound, true,
			"the profile's default PriorityClass %s could not be read: %v", class, err)
		return
	}
	if m.check != nil {
		if problem := m.check(profile, req.Namespace.Name, pc); problem != "" {
			req.Report.Skip(PatternPriorityClass, class, SkipClassBreaksProfile, true,
				"the default PriorityClass %s of profile %s breaks that profile (%s): fix profiles.%s.priorityClasses.default in the podpatterns config",
				class, profile, problem, profile)
			return
		}
	}
	value := pc.Value
	pod.Spec.PriorityClassName = class
	pod.Spec.Priority = &value
	if pc.PreemptionPolicy != nil {
		policy := *pc.PreemptionPolicy
		pod.Spec.PreemptionPolicy = &policy
	}
	req.Report.Inject(PatternPriorityClass, class)
}
