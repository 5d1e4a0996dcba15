package validators

import "slices"

// ResizeRules are the rules a resize (UPDATE of pods/resize) can break: the ones on
// requests, limits and the QoS class. The rest (readiness probes, priority classes)
// judge fields a resize cannot change, so a pod admitted before such a rule (or under
// audit) can still be resized.
var ResizeRules = []Rule{
	RuleRequestsRequired, RuleLimitsRequired, RuleContainerMin, RuleContainerMax,
	RulePodMin, RulePodMax, RuleLimitRequestRatio, RuleQOSClass, RuleQuantityRange,
}

// ResizeViolations keeps the violations of the resized pod (after) that a resize is
// judged on: those of ResizeRules that the pod before the resize did not have word for
// word (same rule, field and detail). A violation the resize leaves untouched was
// admitted with the pod; one it introduces, or changes (a limit moved further past the
// maximum, or not enough), is the resize's own.
func ResizeViolations(before, after []Violation) []Violation {
	var out []Violation
	for _, v := range after {
		if !slices.Contains(ResizeRules, v.Rule) {
			continue
		}
		if slices.ContainsFunc(before, func(b Violation) bool { return b.Rule == v.Rule && b.Error.Error() == v.Error.Error() }) {
			continue
		}
		out = append(out, v)
	}
	return out
}
