package mutators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PatternHealthProbe reports the readiness probes the Health Probe defaulter added
// (template BuiltinTemplate).
const PatternHealthProbe Pattern = "health-probe"

// NeedsReadinessProbe reports whether c declares ports and has no readiness probe, and
// can have one: an app container, or (init true) a native sidecar; a regular init
// container runs to completion and cannot. The validators' readiness rule and the
// defaulter judge the same containers with it.
func NeedsReadinessProbe(c *corev1.Container, init bool) bool {
	return (!init || isRestartable(c)) && len(c.Ports) > 0 && c.ReadinessProbe == nil
}

// ProtocolOf is a port's protocol with the apiserver's default (TCP).
func ProtocolOf(p corev1.ContainerPort) corev1.Protocol { return protocolOf(p) }

// readinessDefaulter implements the defaulting half of the Health Probe pattern
// (chapter 4) for the profiles that ask for it (validators' probes.defaultReadiness):
// every container of the pod's own that needs a readiness probe gets a TCP one on its
// first declared TCP port. It runs in namespaces that only name a profile too, like the
// priority class default. Helpers podpatterns injected never get one: the kubelet counts
// a native sidecar's readiness in the pod's Ready condition (and a classic container's
// anyway), so a defaulted probe on a crash-looping metrics adapter would take the app out
// of every Service; a helper exists to serve the app, and only its template's own probes
// apply (config.validateInjectedReadiness keeps the profiles' readiness rule coherent
// with that).
type readinessDefaulter struct {
	// profiles are the profiles that default readiness probes.
	profiles map[string]bool
	// templates tell injected helpers (by name and image) from the pod's own containers.
	templates map[string]SidecarTemplate
}

// needsDefault reports whether the defaulter gives c (init: an init container) a probe.
func (m *readinessDefaulter) needsDefault(c *corev1.Container, init bool) bool {
	return NeedsReadinessProbe(c, init) && !isInjected(c, m.templates, func(*SidecarTemplate) bool { return true })
}

var _ Mutator = (*readinessDefaulter)(nil)

// Name is the pattern name.
func (m *readinessDefaulter) Name() string { return string(PatternHealthProbe) }

// Mutate adds the probes; a container whose ports are all UDP or SCTP is recorded as
// skipped (no warning: the profile's readiness rule, if on, says it).
func (m *readinessDefaulter) Mutate(req *Request) {
	if !m.profiles[req.Namespace.Labels[LabelProfile]] {
		return
	}
	added := false
	for k, list := range [][]corev1.Container{req.Pod.Spec.Containers, req.Pod.Spec.InitContainers} {
		for i := range list {
			c := &list[i]
			if !m.needsDefault(c, k == 1) {
				continue
			}
			port, ok := firstTCPPort(c)
			if !ok {
				req.Report.Skip(PatternHealthProbe, BuiltinTemplate, SkipNotApplicable, false,
					"container %q declares no TCP port: no readiness probe defaulted", c.Name)
				continue
			}
			if k == 0 {
				c = req.container(i)
			} else {
				c = req.initContainer(i)
			}
			c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
				TCPSocket: &corev1.TCPSocketAction{Port: intstr.FromInt32(port)},
			}}
			added = true
		}
	}
	if added {
		req.Report.Inject(PatternHealthProbe, BuiltinTemplate)
	}
}

// firstTCPPort is c's first declared TCP port.
func firstTCPPort(c *corev1.Container) (int32, bool) {
	for _, p := range c.Ports {
		if protocolOf(p) == corev1.ProtocolTCP {
			return p.ContainerPort, true
		}
	}
	return 0, false
}

// idle: nothing to default when the profile does not ask, or no container needs a probe
// (the pod view carries ports and whether a readiness probe is set).
func (m *readinessDefaulter) idle(pod *corev1.Pod, ns Namespace) bool {
	if !m.profiles[ns.Labels[LabelProfile]] {
		return true
	}
	for k, list := range [][]corev1.Container{pod.Spec.Containers, pod.Spec.InitContainers} {
		for i := range list {
			if m.needsDefault(&list[i], k == 1) {
				return false
			}
		}
	}
	return true
}
