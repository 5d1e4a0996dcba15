package coherence

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Verdict is what one pod went through: the profile's judgement of the pod as submitted
// and of the pod the mutating webhook produced.
type Verdict struct {
	Before, After validators.Result
	Mutated       *corev1.Pod
	Report        mutators.Report
}

// Applies reports whether the coherence invariant speaks about this pod: it satisfied
// the profile as submitted and the mutating webhook admitted it.
func (v Verdict) Applies() bool {
	return len(v.Before.Violations) == 0 && len(v.Report.Denials) == 0
}

// Broken describes how the mutated pod breaks a profile the submitted pod satisfied,
// or "" when the invariant holds (or does not apply).
func (v Verdict) Broken() string {
	if !v.Applies() || len(v.After.Violations) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the pod satisfies profile %q as submitted, but the mutated pod does not:", v.After.Profile)
	for _, viol := range v.After.Violations {
		fmt.Fprintf(&b, "\n  %s: %s", viol.Rule, viol.Error.Error())
	}
	return b.String()
}

// MutateThenValidate judges pod in namespace ns (whose labels name the profile) before
// and after mut, as the two webhooks would: the validating webhook sees the mutated pod.
// pod is not changed.
func MutateThenValidate(mut *mutators.Chain, val *validators.Chain, pod *corev1.Pod, ns mutators.Namespace) Verdict {
	before := val.Validate(&validators.Request{Pod: pod.DeepCopy(), Namespace: ns})
	req := mutators.NewRequest(pod.DeepCopy(), ns)
	mut.Mutate(req)
	after := val.Validate(&validators.Request{Pod: req.Pod.DeepCopy(), Namespace: ns})
	return Verdict{Before: before, After: after, Mutated: req.Pod, Report: req.Report}
}

// Chains builds the mutating and validating chains for one template config and one
// profile source, as the server would if both lived in one file: the templates of
// templates, the profiles (and default priority classes) of profiles. classes stands in
// for the cluster's PriorityClasses (nil: no cluster view, as the offline CLI).
func Chains(templates mutators.Config, profiles validators.Config, renderImage string, classes mutators.PriorityClassGetter) (*mutators.Chain, *validators.Chain) {
	opts := mutators.Options{Revision: "coherence", RenderImage: renderImage,
		PriorityClassDefaults: profiles.DefaultPriorityClasses(), PriorityClassCheck: profiles.DefaultClassProblem,
		ReadinessDefaults: profiles.ReadinessDefaults(), InjectionCheck: profiles.InjectionProblem}
	if classes != nil {
		opts.PriorityClasses = classes
	}
	mut := mutators.New(templates, opts)
	val := validators.New(profiles, validators.Options{PriorityClasses: classes, Injected: validators.InjectablesOf(templates, renderImage)})
	return mut, val
}

// InNamespace returns ns with the profile label set to profile (labels copied).
func InNamespace(ns mutators.Namespace, profile string) mutators.Namespace {
	labels := map[string]string{}
	for k, v := range ns.Labels {
		labels[k] = v
	}
	labels[mutators.LabelProfile] = profile
	ns.Labels = labels
	return ns
}
