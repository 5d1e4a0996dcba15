package validators

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/podresources"
)

// referenceInjectionProblem is InjectionProblem written the straightforward way, on whole
// pods: the pod with the container (after) copied, defaulted and summed as the resource
// validator judges any pod, before likewise. InjectionProblem must answer exactly as it
// does (TestInjectionProblemMatchesReference*, FuzzInjectionProblem).
func (c *Config) referenceInjectionProblem(profile string, before, after *corev1.Pod, container string) string {
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
		problems = referenceContainerProblems(after, container, names, p.Resources)
	}
	now := referenceTotals(after)
	before = podresources.Defaulted(before)
	was := referenceTotals(before)
	for _, name := range names {
		broken := now.check(after, name, p.Resources[name])
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

// referenceTotals computes a defaulted pod's effective requests and limits.
func referenceTotals(pod *corev1.Pod) podTotals {
	return podTotals{requests: podresources.Requests(pod), limits: podresources.Limits(pod)}
}

// referenceContainerProblems judges the per-container rules on the container named name
// of a defaulted pod, in each list that has one.
func referenceContainerProblems(pod *corev1.Pod, name string, names []corev1.ResourceName, rules map[corev1.ResourceName]ResourceRule) []string {
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
			check := newContainerCheck(podLevel(pod), &cl.list[i], cl.path, i, res)
			for _, v := range check.run(rules[res]) {
				problems = append(problems, describe(v))
			}
		}
	}
	return problems
}

// ReferenceInjectionProblem is the reference for the external tests: the pod with w's
// container is built by copying w.Pod's container lists and inserting it.
func ReferenceInjectionProblem(c *Config, profile string, w podresources.With) string {
	return c.referenceInjectionProblem(profile, w.Pod, WithPod(w), w.Extra.Name)
}

// WithPod is the pod w describes, built: w.Pod with copies of its container lists, the
// extra container inserted.
func WithPod(w podresources.With) *corev1.Pod {
	after := &corev1.Pod{TypeMeta: w.Pod.TypeMeta, ObjectMeta: w.Pod.ObjectMeta, Spec: w.Pod.Spec, Status: w.Pod.Status}
	after.Spec.Containers = slices.Clone(w.Pod.Spec.Containers)
	after.Spec.InitContainers = slices.Clone(w.Pod.Spec.InitContainers)
	if w.Extra == nil {
		return after
	}
	if w.Init {
		after.Spec.InitContainers = slices.Insert(after.Spec.InitContainers, w.At, *w.Extra)
	} else {
		after.Spec.Containers = slices.Insert(after.Spec.Containers, w.At, *w.Extra)
	}
	return after
}
