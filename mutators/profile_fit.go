package mutators

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// SkipBreaksProfile: with the template's container the pod would break its namespace's
// profile (a pod-level maximum, or a per-container rule the profile applies to injected
// containers) where without it it does not: the validating webhook would deny a pod
// podpatterns made non-compliant, so the template is refused for this pod.
const SkipBreaksProfile SkipReason = "breaks-profile"

// InjectionCheck says why adding w.Extra to w.Pod at its place in w would get the pod
// denied by profile where w.Pod is not ("" when it would not):
// validators.Config.InjectionProblem, as a plain function so this package never imports
// validators.
type InjectionCheck func(profile string, w podresources.With) string

// profileFit asks the namespace's profile about one injection.
type profileFit struct {
	check InjectionCheck
}

// problem returns why the profile of req's namespace refuses container c at place at
// (where insertAt would put it), or "" when it does not (or no profile or check
// applies). The pod is read, not copied nor changed.
func (f profileFit) problem(req *Request, c *corev1.Container, at place) string {
	profile, ok := req.Namespace.Labels[LabelProfile]
	if f.check == nil || !ok {
		return ""
	}
	return f.check(profile, podresources.With{Pod: req.Pod, Extra: c, Init: at.init, At: at.index})
}

// refuseForProfile records the skip of template name of pattern p for problem.
func refuseForProfile(req *Request, p Pattern, name, problem string) {
	req.Report.Skip(p, name, SkipBreaksProfile, true,
		"profile %s of the namespace would deny the pod with it (%s), a rule the pod without it meets: lower its own resources to make room",
		req.Namespace.Labels[LabelProfile], problem)
}
