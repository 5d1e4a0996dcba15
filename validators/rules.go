package validators

// The rules of the resource-profile and priority-class validators. Their values are
// bounded: they are metric labels, audit annotation keys and the words users search for
// in docs/validators.md, so they never change meaning once released.
const (
	// RuleRequestsRequired: a container sets no (or a zero) request for a resource the
	// profile requires, and the pod sets no pod-level request for it.
	RuleRequestsRequired Rule = "requests-required"
	// RuleLimitsRequired: a container sets no (or a zero) limit for a resource the profile
	// requires, and the pod sets no pod-level limit for it.
	RuleLimitsRequired Rule = "limits-required"
	// RuleContainerMin: a container's request or limit is below the profile's minimum.
	RuleContainerMin Rule = "container-min"
	// RuleContainerMax: a container's request or limit is above the profile's maximum.
	RuleContainerMax Rule = "container-max"
	// RulePodMin: the pod's effective request or limit is below the profile's minimum.
	RulePodMin Rule = "pod-min"
	// RulePodMax: the pod's effective request or limit is above the profile's maximum.
	RulePodMax Rule = "pod-max"
	// RuleLimitRequestRatio: a container's limit is more than the allowed multiple of its request.
	RuleLimitRequestRatio Rule = "limit-request-ratio"
	// RuleQOSClass: the pod's QoS class is below the profile's minimum.
	RuleQOSClass Rule = "qos-class"
	// RulePriorityClassNotAllowed: the pod names no priority class, or one the profile
	// does not allow (by name or selector).
	RulePriorityClassNotAllowed Rule = "priority-class-not-allowed"
	// RulePriorityClassNotFound: the pod names a PriorityClass that does not exist.
	RulePriorityClassNotFound Rule = "priority-class-not-found"
	// RulePriorityClassSystem: a system-*-critical class outside kube-system, which the
	// profile does not allow.
	RulePriorityClassSystem Rule = "priority-class-system"
	// RulePriorityClassValue: the class's value is above the profile's cap.
	RulePriorityClassValue Rule = "priority-class-value"
	// RulePriorityClassLookup: the PriorityClass cache failed for another reason than
	// not-found; the pod cannot be judged, so it is treated as a violation.
	RulePriorityClassLookup Rule = "priority-class-lookup"
)

// Rules lists every rule, chain rules included, so metrics can be initialised and docs
// checked against the code.
var Rules = []Rule{
	RuleUnknownProfile, RuleInvalidMode, RuleQuantityRange,
	RuleRequestsRequired, RuleLimitsRequired, RuleContainerMin, RuleContainerMax,
	RulePodMin, RulePodMax, RuleLimitRequestRatio, RuleQOSClass,
	RulePriorityClassNotAllowed, RulePriorityClassNotFound, RulePriorityClassSystem,
	RulePriorityClassValue, RulePriorityClassLookup, RuleReadinessProbeRequired,
}
