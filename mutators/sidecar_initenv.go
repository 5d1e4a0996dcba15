package mutators

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Warnings about podpatterns.io/init-env, as format strings (template, init container).
const (
	initEnvAfterInit = "podpatterns: %s %q starts after the init containers (placement after-init): " +
		"its env is not given to init container %q named in " + AnnotationInitEnv
	initEnvNoSuchContainer = "podpatterns: " + AnnotationInitEnv + " names %q, which is not an init container of the pod (%s %q)"
)

// wireInitContainers gives t's appEnv to the user's init containers named in
// podpatterns.io/init-env, when t starts before them (placement before-init). Asking for
// it with an after-init template, or naming no init container of the pod, is a warning:
// the pod still works as it did, only without that env.
func (m *containerInjector) wireInitContainers(req *Request, name string, t *SidecarTemplate) {
	names, ok := selectedTemplates(make([]string, 0, namesOnStack), req, AnnotationInitEnv)
	if !ok || len(names) == 0 || len(t.AppEnv) == 0 {
		return
	}
	for _, init := range names {
		i := userInitContainer(req.Pod, init)
		switch {
		case i < 0:
			req.Report.Warnings = append(req.Report.Warnings, fmt.Sprintf(initEnvNoSuchContainer, init, m.pattern, name))
		case !startsBeforeInit(t):
			req.Report.Warnings = append(req.Report.Warnings, fmt.Sprintf(initEnvAfterInit, m.pattern, name, init))
		default:
			warnShadowedEnv(&req.Report, &req.Pod.Spec.InitContainers[i], t, m.pattern, name)
			c := req.initContainer(i)
			if _, added := req.addEnv(c, t.AppEnv); len(added) > 0 {
				warnEnvFrom(&req.Report, c, fmt.Sprintf("%s %q", m.pattern, name), added)
			}
		}
	}
}

// userInitContainer returns the index of the regular (not native sidecar) init
// container named name, or -1.
func userInitContainer(pod *corev1.Pod, name string) int {
	for i := range pod.Spec.InitContainers {
		if c := &pod.Spec.InitContainers[i]; c.Name == name && !isRestartable(c) {
			return i
		}
	}
	return -1
}
