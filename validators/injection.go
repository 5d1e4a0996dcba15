package validators

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// InjectionProblem says why adding w.Extra to w.Pod (at its place in w) would get the
// pod denied by profile where w.Pod is not ("" when it would not): the mutating webhook
// asks before each injection (mutators.Options.InjectionCheck), so podpatterns never
// turns a pod that satisfies its profile into one the profile denies. It judges what an
// injection can break, with the validators' own rules:
//   - the pod-level bounds (podMax, podMin) of every resource the profile rules, which
//     the pod satisfies without the container and not with it;
//   - the per-container rules on the new container, unless the profile exempts it (by
//     name, or injectedSidecars: the container is the template's own).
//
// It reads the pod in place, one resource at a time (podresources.ResourceOf), and
// answers exactly as the same judgement of both pods built, defaulted and summed whole
// (the reference of the tests).
//
// The QoS class is kept by the injectors themselves (a Guaranteed pod stays Guaranteed,
// and adding a container never makes a pod BestEffort).
func (c *Config) InjectionProblem(profile string, w podresources.With) string {
	p, ok := c.Profiles[profile]
	if !ok || w.Extra == nil {
		return ""
	}
	judgeContainer := !p.Exempt.InjectedSidecars && !slices.Contains(p.Exempt.Containers, w.Extra.Name)
	if !judgeContainer && !hasPodBounds(p.Resources) {
		return "" // nothing it could break (the usual profile with injectedSidecars)
	}
	if !w.InRange() {
		return "" // such a pod is denied for its quantities alone
	}
	names := sortedResourceNames(p.Resources)
	var problems []string
	if judgeContainer {
		problems = injectedProblems(w, names, p.Resources)
	}
	for _, name := range names {
		rule := p.Resources[name]
		if !rule.hasPodBounds() {
			continue // podLevelCheck would find nothing
		}
		broken := podLevelCheck(w, name, rule)
		if len(broken) == 0 {
			continue
		}
		already := map[Rule]bool{}
		for _, v := range podLevelCheck(w.Without(), name, rule) {
			already[v.Rule] = true
		}
		for _, v := range broken {
			if !already[v.Rule] {
				problems = append(problems, describe(v))
			}
		}
	}
	return strings.Join(problems, " and ")
}

// hasPodBounds reports whether any rule bounds the pod's totals.
func hasPodBounds(rules map[corev1.ResourceName]ResourceRule) bool {
	for _, r := range rules {
		if r.hasPodBounds() {
			return true
		}
	}
	return false
}

// hasPodBounds reports whether r sets podMin or podMax of requests or limits.
func (r *ResourceRule) hasPodBounds() bool {
	return r.Requests.PodMin != nil || r.Requests.PodMax != nil || r.Limits.PodMin != nil || r.Limits.PodMax != nil
}

// podLevelCheck is podTotals.check of one resource of the defaulted pod w describes.
func podLevelCheck(w podresources.With, name corev1.ResourceName, rule ResourceRule) []Violation {
	r := podresources.ResourceOf(w, name)
	var out []Violation
	if r.HasRequest {
		out = append(out, podBounds(rule.Requests, r.Request, name, "request")...)
	}
	if boundedWith(w, name, r) {
		out = append(out, podBounds(rule.Limits, r.Limit, name, "limit")...)
	}
	return out
}

// boundedWith is bounded of the defaulted pod w describes.
func boundedWith(w podresources.With, name corev1.ResourceName, r podresources.Resource) bool {
	if r.PodLimit.Sign() > 0 {
		return true
	}
	for _, init := range []bool{true, false} {
		for i := range w.Len(init) {
			if _, ok := positive(w.Container(init, i).Resources.Limits, name); !ok {
				return false
			}
		}
	}
	return true
}

// injectedProblems judges the per-container rules on the container named like w.Extra
// (the first of that name in each container list: w.Extra unless the pod has one) of
// the defaulted pod w describes.
func injectedProblems(w podresources.With, names []corev1.ResourceName, rules map[corev1.ResourceName]ResourceRule) []string {
	var problems []string
	for _, init := range []bool{false, true} {
		i := 0
		for i < w.Len(init) && w.Container(init, i).Name != w.Extra.Name {
			i++
		}
		if i == w.Len(init) {
			continue
		}
		c := podresources.DefaultedContainer(w.Container(init, i))
		list := specPath.Child(listField(init))
		for _, res := range names {
			r := podresources.ResourceOf(w, res)
			check := containerCheck{c: c, list: list, index: i, name: res, podRequest: r.PodRequest, podLimit: r.PodLimit}
			for _, v := range check.run(rules[res]) {
				problems = append(problems, describe(v))
			}
		}
	}
	return problems
}

// listField is the field of spec.initContainers (init) or spec.containers.
func listField(init bool) string {
	if init {
		return "initContainers"
	}
	return "containers"
}

// describe is a violation as the skip message quotes it: rule, then detail.
func describe(v Violation) string {
	return string(v.Rule) + ": " + v.Error.Detail
}
