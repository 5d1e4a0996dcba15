package mutators

import (
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/podresources"
)

// SkipLimitRange: with the template's container the API server would reject the pod for
// a LimitRange of its namespace (a Container-type or Pod-type min, max or
// maxLimitRequestRatio, or a default limit below the container's request) that the pod
// without it meets; the template is skipped, and the pod is admitted as it would be
// without podpatterns.
const SkipLimitRange SkipReason = "limit-range"

// rangeFit reads the pod's namespace's LimitRanges for the container injectors.
type rangeFit struct {
	get limitrange.Getter
}

// of returns the ranges of req's namespace (none without a getter), read once per
// request: every container injector of the chain asks, and each read lists the cache.
func (f rangeFit) of(req *Request) limitrange.Ranges {
	if !req.rangesRead {
		req.ranges, req.rangesRead = limitrange.Of(f.get, req.Namespace.Name), true
	}
	return req.ranges
}

// defaultResources gives c the ranges' container defaults, as the API server does to a
// container a webhook added (it re-runs LimitRanger after the webhooks changed the pod):
// writing them makes the pod podpatterns returns the pod the API server stores. c's
// resources are replaced, never written (they may be the config's).
func defaultResources(ranges limitrange.Ranges, c *corev1.Container) {
	if res, changed := ranges.Default(c.Resources); changed {
		c.Resources = res
	}
}

// limitRangeProblem says why the ranges would get the pod rejected with c inserted at
// at where it is admitted without ("" when they would not).
func limitRangeProblem(ranges limitrange.Ranges, pod *corev1.Pod, c *corev1.Container, at place) string {
	if len(ranges) == 0 {
		return ""
	}
	var problems []string
	if p := ranges.ContainerProblem(c); p != "" {
		problems = append(problems, p)
	}
	if p := ranges.PodProblem(podresources.With{Pod: pod, Extra: c, Init: at.init, At: at.index}); p != "" {
		problems = append(problems, p)
	}
	return strings.Join(problems, "; ")
}

// refuseForLimitRange records the skip of template name of pattern p for problem.
func refuseForLimitRange(req *Request, p Pattern, name, problem string) {
	req.Report.Skip(p, name, SkipLimitRange, true,
		"the API server would reject the pod with it: %s", problem)
}
