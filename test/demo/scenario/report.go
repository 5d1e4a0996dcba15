package scenario

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// Print writes the readable report: per namespace, each workload with what it asked
// for, what podpatterns did (injected containers, wiring of the app, denial, warnings,
// audit annotations), and a ✓ or ✗ for its promise. It returns the number of broken
// promises.
func (s *Scenario) Print(w io.Writer, outcomes []*Outcome) int {
	broken := 0
	for _, ns := range s.Namespaces {
		fmt.Fprintf(w, "\n%s — %s\n", ns.Name, ns.Story)
		for _, o := range outcomes {
			if o.Workload.Namespace != ns.Name {
				continue
			}
			mark := "✓"
			if len(o.Problems) > 0 {
				mark, broken = "✗", broken+1
			}
			fmt.Fprintf(w, "  %s %s %s — %s\n", mark, o.Workload.Kind, o.Workload.Name, o.Workload.Story)
			printOutcome(w, o)
			for _, p := range o.Problems {
				fmt.Fprintf(w, "      PROBLEM  %s\n", p)
			}
		}
	}
	fmt.Fprintf(w, "\n%d of %d workloads show what they promise.\n", len(outcomes)-broken, len(outcomes))
	return broken
}

// printOutcome writes the detail lines of one workload.
func printOutcome(w io.Writer, o *Outcome) {
	line := func(label, format string, args ...any) {
		fmt.Fprintf(w, "      %-9s %s\n", label+":", fmt.Sprintf(format, args...))
	}
	if asked := podpatternsAnnotations(o.Workload.Pod.Annotations); asked != "" {
		line("asked", "%s", asked)
	}
	switch {
	case o.Err != nil:
		line("denied", "%v", o.Err)
	case o.Event != "":
		line("denied", "%s (ReplicaSet/Job event FailedCreate)", o.Event)
	}
	for _, warning := range o.Warnings {
		line("warning", "%s", warning)
	}
	for _, k := range sortedKeys(o.Audit) {
		if strings.Contains(k, "podpatterns.io/") {
			line("audit", "%s = %s", k, o.Audit[k])
		}
	}
	if o.Pod == nil {
		return
	}
	if s, ok := mutators.ParseStatus(o.Pod.Annotations[mutators.AnnotationStatus]); ok {
		line("injected", "%s", injectedList(s))
	}
	line("pod", "%s", podSummary(o.Pod))
	if delta := appDelta(&o.Workload.Pod, o.Pod); delta != "" {
		line("app", "%s", delta)
	}
}

// podpatternsAnnotations lists the pod's podpatterns.io annotations, sorted.
func podpatternsAnnotations(a map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(a) {
		if strings.HasPrefix(k, "podpatterns.io/") {
			parts = append(parts, k+"="+a[k])
		}
	}
	return strings.Join(parts, " ")
}

// injectedList renders a status annotation as "pattern/template, ...".
func injectedList(s mutators.Status) string {
	var parts []string
	for _, p := range sortedKeys(s.Injected) {
		for _, t := range s.Injected[p] {
			parts = append(parts, string(p)+"/"+t)
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ") + "   (config revision " + s.Revision + ")"
}

// podSummary names the init containers (native sidecars marked), containers, priority
// class and QoS class.
func podSummary(p *corev1.Pod) string {
	var inits []string
	for _, c := range p.Spec.InitContainers {
		name := c.Name
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			name += " (native sidecar)"
		}
		inits = append(inits, name)
	}
	var containers []string
	for _, c := range p.Spec.Containers {
		containers = append(containers, c.Name)
	}
	out := ""
	if len(inits) > 0 {
		out = "init [" + strings.Join(inits, ", ") + "] · "
	}
	out += "containers [" + strings.Join(containers, ", ") + "] · QoS " + string(p.Status.QOSClass)
	if p.Spec.PriorityClassName != "" {
		out += fmt.Sprintf(" · priority %s (%d)", p.Spec.PriorityClassName, *p.Spec.Priority)
	}
	return out
}

// appDelta says what podpatterns added to the app container: env, mounts, preStop, and
// the grace period when it is not the default.
func appDelta(asked, stored *corev1.Pod) string {
	var before, after *corev1.Container
	for i := range stored.Spec.Containers {
		if stored.Spec.Containers[i].Name == "app" {
			after = &stored.Spec.Containers[i]
		}
	}
	if after == nil || len(asked.Spec.Containers) == 0 {
		return ""
	}
	before = &asked.Spec.Containers[0]
	var parts []string
	for _, e := range after.Env {
		if !slices.ContainsFunc(before.Env, func(b corev1.EnvVar) bool { return b.Name == e.Name }) {
			parts = append(parts, "+env "+e.Name)
		}
	}
	for _, m := range after.VolumeMounts {
		if !slices.ContainsFunc(before.VolumeMounts, func(b corev1.VolumeMount) bool { return b.MountPath == m.MountPath }) {
			parts = append(parts, "+mount "+m.MountPath)
		}
	}
	if after.Lifecycle != nil && after.Lifecycle.PreStop != nil && before.Lifecycle == nil {
		hook := after.Lifecycle.PreStop
		switch {
		case hook.Sleep != nil:
			parts = append(parts, fmt.Sprintf("+preStop sleep %ds", hook.Sleep.Seconds))
		default:
			parts = append(parts, "+preStop hook")
		}
	}
	if g := stored.Spec.TerminationGracePeriodSeconds; g != nil && *g != corev1.DefaultTerminationGracePeriodSeconds {
		parts = append(parts, fmt.Sprintf("terminationGracePeriodSeconds %d", *g))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
