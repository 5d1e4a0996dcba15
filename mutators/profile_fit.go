package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// SkipBreaksProfile: with the template's container the pod would break its namespace's
// profile (a pod-level maximum, or a per-container rule the profile applies to injected
// containers) where without it it does not: the validating webhook would deny a pod
// podpatterns made non-compliant, so the template is refused for this pod.
const SkipBreaksProfile SkipReason = "breaks-profile"

// InjectionCheck says why adding the container named container to before (giving after)
// would get the pod denied by profile where before is not ("" when it would not):
// validators.Config.InjectionProblem, as a plain function so this package never imports
// validators.
type InjectionCheck func(profile string, before, after *corev1.Pod, container string) string

// profileFit asks the namespace's profile about one injection.
type profileFit struct {
	check InjectionCheck
}

// problem returns why the profile of req's namespace refuses container c, placed in the
// pod by insert, or "" when it does not (or no profile or check applies). The pod is
// not changed: insert works on a trial copy whose container lists are the pod's, cloned.
func (f profileFit) problem(req *Request, c *corev1.Container, insert func(*corev1.Pod)) string {
	profile, ok := req.Namespace.Labels[LabelProfile]
	if f.check == nil || !ok {
		return ""
	}
	trial := &corev1.Pod{ObjectMeta: req.Pod.ObjectMeta, Spec: req.Pod.Spec}
	trial.Spec.Containers = slices.Clone(req.Pod.Spec.Containers)
	trial.Spec.InitContainers = slices.Clone(req.Pod.Spec.InitContainers)
	insert(trial)
	return f.check(profile, req.Pod, trial, c.Name)
}

// refuseForProfile records the skip of template name of pattern p for problem.
func refuseForProfile(req *Request, p Pattern, name, problem string) {
	req.Report.Skip(p, name, SkipBreaksProfile, true,
		"profile %s of the namespace would deny the pod with it (%s); without it the pod satisfies the profile: lower its own resources to make room",
		req.Namespace.Labels[LabelProfile], problem)
}
