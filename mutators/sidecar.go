package mutators

import (
	"slices"

	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Skip reasons of the container injectors, next to the shared ones in report.go.
const (
	// SkipExceedsPodResources: the pod sets pod-level resources and the template's
	// container does not fit in them; the apiserver would reject the pod.
	SkipExceedsPodResources SkipReason = "exceeds-pod-resources"
)

// containerInjector implements the Sidecar (ch. 15), Adapter (ch. 16) and Ambassador
// (ch. 17) patterns: it injects the container templates of one kind that the pod selects
// by annotation, in the order written, and wires them to the app containers (shared
// volumes, mounts, env). One instance per kind; all three read the same template map,
// because a name of another kind is reported (wrong-kind), not ignored.
type containerInjector struct {
	kind       TemplateKind
	pattern    Pattern
	annotation string
	templates  map[string]SidecarTemplate
	// fit refuses a template whose container would make the pod break its profile.
	fit profileFit
	// ranges default the container and refuse it where a LimitRange would reject the pod.
	ranges rangeFit
}

var _ Mutator = (*containerInjector)(nil)

// kindWiring ties each template kind to its annotation and report pattern.
var kindWiring = map[TemplateKind]struct {
	annotation string
	pattern    Pattern
}{
	KindSidecar:    {AnnotationSidecars, PatternSidecar},
	KindAdapter:    {AnnotationAdapters, PatternAdapter},
	KindAmbassador: {AnnotationAmbassadors, PatternAmbassador},
}

// newContainerInjector returns the injector of kind over the config's (defaulted,
// validated) templates; opts.InjectionCheck asks the namespace's profile first.
func newContainerInjector(kind TemplateKind, templates map[string]SidecarTemplate, opts Options) *containerInjector {
	w := kindWiring[kind]
	return &containerInjector{kind: kind, pattern: w.pattern, annotation: w.annotation, templates: templates,
		fit: profileFit{check: opts.InjectionCheck}, ranges: rangeFit{get: opts.LimitRanges}}
}

// Name is the pattern name: sidecar, adapter or ambassador.
func (m *containerInjector) Name() string { return string(m.pattern) }

// Mutate injects every template the pod selects for this kind.
func (m *containerInjector) Mutate(req *Request) {
	names, ok := selectedTemplates(make([]string, 0, namesOnStack), req, m.annotation)
	if !ok {
		return
	}
	for _, name := range names {
		m.inject(req, name)
	}
}

// inject applies one template, or records why not. Every check runs before the pod is
// touched, so a refused template leaves no half-injection behind.
func (m *containerInjector) inject(req *Request, name string) {
	t, found := m.templates[name]
	switch {
	case !found:
		req.Report.Skip(m.pattern, name, SkipUnknownTemplate, true,
			"%s names no template %q in the podpatterns config", m.annotation, name)
		return
	case t.Kind != m.kind:
		req.Report.Skip(m.pattern, name, SkipWrongKind, true,
			"%q is a template of kind %s; select it with %s", name, t.Kind, kindWiring[t.Kind].annotation)
		return
	}
	if skipForOS(req, m.pattern, name, t.OSes()) {
		return
	}
	pod := req.Pod
	if existing := findContainer(pod, t.Container.Name); existing != nil {
		if existing.Image != t.Container.Image {
			req.Report.Skip(m.pattern, name, SkipNameConflict, true,
				"the pod already has a container %q with another image (%s)", existing.Name, existing.Image)
		}
		return // same name and image: injected by an earlier pass (or by hand); nothing to do
	}
	if !t.IsNative() && runsToCompletion(pod) {
		req.Report.Skip(m.pattern, name, SkipNotApplicable, true,
			"a classic container would keep a pod with restartPolicy %s running forever; the template must be native", pod.Spec.RestartPolicy)
		return
	}
	apps := appContainers(make([]int, 0, appsOnStack), pod, m.templates)
	if msg := conflict(pod, &t, apps); msg != "" {
		req.Report.Skip(m.pattern, name, SkipNameConflict, true, "%s", msg)
		return
	}
	ranges := m.ranges.of(req)
	c, reason, msg := containerFor(pod, &t, ranges)
	if reason != "" {
		req.Report.Skip(m.pattern, name, reason, true, "%s", msg)
		return
	}
	at := placeFor(pod, &t, m.templates)
	if problem := limitRangeProblem(ranges, pod, c, at); problem != "" {
		refuseForLimitRange(req, m.pattern, name, problem)
		return
	}
	if problem := m.fit.problem(req, c, at); problem != "" {
		refuseForProfile(req, m.pattern, name, problem)
		return
	}
	if podSecurityRefuses(req, m.pattern, name, c, at.init, t.Volumes) {
		return
	}
	addVolumes(req, t.Volumes)
	addPullSecrets(req, t.ImagePullSecrets)
	for _, i := range apps {
		if len(t.AppEnv) == 0 && len(t.AppVolumeMounts) == 0 {
			break // nothing to wire: the app containers stay shared with the input
		}
		warnShadowedEnv(&req.Report, &pod.Spec.Containers[i], &t, m.pattern, name)
		c := req.container(i)
		if _, added := wireApp(req, c, &t); len(added) > 0 { // the source named only for a warning
			warnEnvFrom(&req.Report, c, fmt.Sprintf("%s %q", m.pattern, name), added)
		}
	}
	req.insertContainer(c, at)
	if !at.init && at.index == 0 {
		keepDefaultContainer(req, m.templates)
	}
	m.wireInitContainers(req, name, &t)
	req.Report.Inject(m.pattern, name)
}

// findContainer returns the container, init container or ephemeral container named name
// (names are unique across the three lists), or nil.
func findContainer(pod *corev1.Pod, name string) *corev1.Container {
	for _, list := range [][]corev1.Container{pod.Spec.Containers, pod.Spec.InitContainers} {
		for i := range list {
			if list[i].Name == name {
				return &list[i]
			}
		}
	}
	for i := range pod.Spec.EphemeralContainers {
		if ec := &pod.Spec.EphemeralContainers[i]; ec.Name == name {
			return &corev1.Container{Name: ec.Name, Image: ec.Image}
		}
	}
	return nil
}

// runsToCompletion reports whether the pod is meant to finish (Job-like).
func runsToCompletion(pod *corev1.Pod) bool {
	return pod.Spec.RestartPolicy == corev1.RestartPolicyNever || pod.Spec.RestartPolicy == corev1.RestartPolicyOnFailure
}

// appsOnStack is how many app containers the injectors index without allocating.
const appsOnStack = 8

// appContainers returns the indices of the pod's own containers: spec.containers minus
// classic containers podpatterns injected (same name and image as a template's). Init
// containers, native sidecars included, are never app containers.
//
// The indices are appended to dst[:0]: callers pass a small array of their own (apps
// on the stack, no allocation for up to appsOnStack containers).
func appContainers(dst []int, pod *corev1.Pod, templates map[string]SidecarTemplate) []int {
	apps := dst[:0]
	for i := range pod.Spec.Containers {
		if !isInjected(&pod.Spec.Containers[i], templates, func(*SidecarTemplate) bool { return true }) {
			apps = append(apps, i)
		}
	}
	return apps
}

// isInjected reports whether c is the container of a template that match accepts.
func isInjected(c *corev1.Container, templates map[string]SidecarTemplate, match func(*SidecarTemplate) bool) bool {
	for _, t := range templates {
		if t.Container.Name == c.Name && t.Container.Image == c.Image && match(&t) {
			return true
		}
	}
	return false
}

// addVolumes adds the template's volumes the pod does not have yet (conflict already
// ruled out an existing volume of the same name with other content).
func addVolumes(req *Request, vols []corev1.Volume) {
	for _, v := range vols {
		if findVolume(req.Pod, v.Name) == nil {
			req.addVolume(v) // its source shared with the config, never written
		}
	}
}

// addPullSecrets adds the template's image pull secrets the pod does not name yet.
func addPullSecrets(req *Request, secrets []corev1.LocalObjectReference) {
	for _, s := range secrets {
		if !slices.Contains(req.Pod.Spec.ImagePullSecrets, s) {
			req.addImagePullSecret(s)
		}
	}
}

// wireApp adds the template's app mounts and env to one app container: a mount already
// there (same volume, same path) is not repeated, and a variable the container already
// defines is left alone. It returns what addEnv returns.
func wireApp(req *Request, c *corev1.Container, t *SidecarTemplate) (int, []string) {
	for _, m := range t.AppVolumeMounts {
		if !mountsAt(c.VolumeMounts, m.MountPath) {
			req.addMount(c, m)
		}
	}
	return req.addEnv(c, t.AppEnv)
}

// placeFor is where the template's container goes: before-init native sidecars first
// among the init containers (after before-init ones injected before them); other native
// sidecars after the existing init containers; classic containers last, or first (after
// classic "first" containers injected before them, so several keep the order they were
// selected in).
func placeFor(pod *corev1.Pod, t *SidecarTemplate, templates map[string]SidecarTemplate) place {
	switch {
	case t.IsNative() && t.Placement == PlacementBeforeInit:
		i := 0
		for i < len(pod.Spec.InitContainers) && isInjected(&pod.Spec.InitContainers[i], templates, startsBeforeInit) {
			i++
		}
		return place{init: true, index: i}
	case t.IsNative():
		return place{init: true, index: len(pod.Spec.InitContainers)}
	case t.Position == PositionFirst:
		i := 0
		for i < len(pod.Spec.Containers) && isInjected(&pod.Spec.Containers[i], templates, injectsFirst) {
			i++
		}
		return place{index: i}
	}
	return place{index: len(pod.Spec.Containers)}
}

func startsBeforeInit(t *SidecarTemplate) bool {
	return t.IsNative() && t.Placement == PlacementBeforeInit
}

func injectsFirst(t *SidecarTemplate) bool { return !t.IsNative() && t.Position == PositionFirst }
