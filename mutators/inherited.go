package mutators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// SkipInvalidDefault: the namespace's default annotation for the pattern holds a value
// the config does not allow (a name that is not a DNS label, podpatterns.io/prestop
// above maxSleepSeconds, ...). Only the pod's own annotation can deny the pod: an
// inherited value skips its pattern, so one bad namespace annotation, or a config
// change that invalidates it, never stops every pod of the namespace.
const SkipInvalidDefault SkipReason = "invalid-default"

// refuseValue refuses the value of annotation key: the pod is denied with err when the
// pod set key itself; when the value is the namespace's default, pattern p is skipped
// (with a warning, hence an Event and the skips metric) and the pod admitted.
func refuseValue(req *Request, p Pattern, key string, err *field.Error) {
	if _, own := req.Pod.Annotations[key]; own {
		req.Report.Deny(err)
		return
	}
	req.Report.Skip(p, clip(req.Namespace.Annotations[key]), SkipInvalidDefault, true,
		"the namespace's default is not valid, only the pod's own annotation could deny the pod: %s", err.Error())
}

// patternOf is the pattern whose annotation is key (the container kinds' three).
func patternOf(key string) Pattern {
	for _, w := range kindWiring {
		if w.annotation == key {
			return w.pattern
		}
	}
	return PatternAll
}

// InvalidDefaults returns the skips (SkipInvalidDefault) chain records for a pod of ns
// that sets no annotation of its own: the namespace defaults the config refuses. The
// server runs it over every namespace at a reload (podpatterns_config_invalid_defaults_total).
func InvalidDefaults(chain *Chain, ns Namespace) []Skip {
	if ns.Labels[LabelInject] != InjectEnabled || !hasPodpatternsKey(ns.Annotations) {
		return nil
	}
	req := NewRequest(&probePod, ns)
	if !optedOut(req) { // the mutators alone: the defaulters may wait for a PriorityClass cache
		for _, m := range chain.mutators {
			m.Mutate(req)
		}
	}
	var out []Skip
	for _, s := range req.Report.Skipped {
		if s.Reason == SkipInvalidDefault {
			out = append(out, s)
		}
	}
	return out
}

// probePod is a pod with one app container and nothing of its own (never written: the
// chain never writes its input).
var probePod = corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app"}}}}
