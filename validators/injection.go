package validators

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

// InjectionProblem says why adding the container named container to before (giving
// after) would get the pod denied by profile where before is not ("" when it would not):
// the mutating webhook asks before each injection (mutators.Options.InjectionCheck), so
// podpatterns never turns a pod that satisfies its profile into one the profile denies.
// It judges what an injection can break, with the validators' own rules:
//   - the pod-level bounds (podMax, podMin) of every resource the profile rules, which
//     before satisfies and after does not;
//   - the per-container rules on the new container, unless the profile exempts it (by
//     name, or injectedSidecars: the container is the template's own).
//
// The QoS class is kept by the injectors themselves (a Guaranteed pod stays Guaranteed,
// and adding a container never makes a pod BestEffort).
func (c *Config) InjectionProblem(profile string, before, after *corev1.Pod, container string) string {
	p, ok := c.Profiles[profile]
	if !ok || len(p.Resources) == 0 {
		return ""
	}
	if len(podresources.CheckQuantities(before)) > 0 || len(podresources.CheckQuantities(after)) > 0 {
		return "" // such a pod is denied for its quantities alone
	}
	names := sortedResourceNames(p.Resources)
	after = podresources.Defaulted(after)
	var problems []string
	if !p.Exempt.InjectedSidecars && !slices.Contains(p.Exempt.Containers, container) {
		problems = containerProblems(after, container, names, p.Resources)
	}
	now := totalsOf(after)
	var was *podTotals // before's, computed only when after breaks a pod-level rule
	for _, name := range names {
		broken := now.check(after, name, p.Resources[name])
		if len(broken) == 0 {
			continue
		}
		if was == nil {
			before = podresources.Defaulted(before)
			t := totalsOf(before)
			was = &t
		}
		already := map[Rule]bool{}
		for _, v := range was.check(before, name, p.Resources[name]) {
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

// totalsOf computes a defaulted pod's effective requests and limits.
func totalsOf(pod *corev1.Pod) podTotals {
	return podTotals{requests: podresources.Requests(pod), limits: podresources.Limits(pod)}
}

// containerProblems judges the per-container rules on the container named name of a
// defaulted pod.
func containerProblems(pod *corev1.Pod, name string, names []corev1.ResourceName, rules map[corev1.ResourceName]ResourceRule) []string {
	var problems []string
	for _, cl := range []containerList{
		{field.NewPath("spec", "containers"), pod.Spec.Containers},
		{field.NewPath("spec", "initContainers"), pod.Spec.InitContainers},
	} {
		i := slices.IndexFunc(cl.list, func(c corev1.Container) bool { return c.Name == name })
		if i < 0 {
			continue
		}
		for _, res := range names {
			check := containerCheck{pod: pod, c: &cl.list[i], path: cl.path.Index(i).Child("resources"), name: res}
			for _, v := range check.run(rules[res]) {
				problems = append(problems, describe(v))
			}
		}
	}
	return problems
}

// describe is a violation as the skip message quotes it: rule, then detail.
func describe(v Violation) string {
	return string(v.Rule) + ": " + v.Error.Detail
}
