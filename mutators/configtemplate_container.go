package mutators

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/podresources"
	"github.com/podpatterns/podpatterns/qos"
	"github.com/podpatterns/podpatterns/render"
)

// The names the Configuration Template injection uses in a pod. Sidecar templates and
// the Downward API volume may not use them (Config.Validate), so an injection is
// recognised by name.
const (
	// RenderContainerName is the init container that runs `podpatterns render`.
	RenderContainerName = "podpatterns-render"
	// RenderTemplatesVolume is the templates ConfigMap volume.
	RenderTemplatesVolume = "podpatterns-templates"
	// RenderParamsVolume is the params ConfigMap volume.
	RenderParamsVolume = "podpatterns-params"
	// RenderOutputVolume is the emptyDir the renderer writes and the app reads.
	RenderOutputVolume = "podpatterns-config"
)

// renderUser is the uid the renderer runs as (distroless "nonroot"): a fixed non-zero uid
// makes runAsNonRoot verifiable whatever USER the image declares. The emptyDir is
// world-writable and the files it writes world-readable, so the app's uid does not matter.
const renderUser int64 = 65532

// renderSetup is what varies per pod: the renderer image and the params ConfigMap.
type renderSetup struct {
	image  string
	params string
}

// renderVolumes are the renderer's three volumes.
func renderVolumes(t *ConfigTemplate, params string) []corev1.Volume {
	configMap := func(name string) corev1.VolumeSource {
		return corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
		}}
	}
	return []corev1.Volume{
		{Name: RenderTemplatesVolume, VolumeSource: configMap(t.TemplatesConfigMap)},
		{Name: RenderParamsVolume, VolumeSource: configMap(params)},
		{Name: RenderOutputVolume, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
	}
}

// renderAppMount is the rendered files' mount in the app containers: read-only, so the
// config the pod started with is the config it runs with.
func renderAppMount(t *ConfigTemplate) corev1.VolumeMount {
	return corev1.VolumeMount{Name: RenderOutputVolume, MountPath: t.MountPath, ReadOnly: true}
}

// renderContainer returns the renderer init container of template name for pod, or why
// it cannot be added without changing the pod's QoS class or breaking its pod-level
// resources.
func (m *configTemplater) renderContainer(pod *corev1.Pod, name string, t *ConfigTemplate, image string, ranges limitrange.Ranges) (*corev1.Container, SkipReason, string) {
	c := m.containerFor(name, t, image)
	defaultResources(ranges, c)
	if reason, msg := fitInitResources(pod, c, renderRole); reason != "" {
		return nil, reason, msg
	}
	return c, "", ""
}

// newRenderContainer is the renderer init container of template t with image, before
// it is fitted to a pod.
func newRenderContainer(t *ConfigTemplate, image string) *corev1.Container {
	return &corev1.Container{
		Name:         RenderContainerName,
		Image:        image,
		Args:         renderArgs,
		Env:          podInfoVars[:len(podInfoVars):len(podInfoVars)],
		Resources:    t.Resources, // the config's: fitInitResources replaces, never edits, its lists
		VolumeMounts: renderMounts,
		// The render error (file and missing key) then shows in `kubectl describe pod`.
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          restrictedSecurityContext,
	}
}

// The renderer's fixed parts, built once and shared by every pod it is injected into
// (clipped: an append copies; nothing writes into them, TestChainLeavesSharedObjectsAlone).
var (
	renderArgs = slices.Clip([]string{
		"render",
		"--templates=" + render.DefaultTemplatesDir,
		"--params=" + render.DefaultParamsDir,
		"--output=" + render.DefaultOutputDir,
	})
	renderMounts = slices.Clip([]corev1.VolumeMount{
		{Name: RenderTemplatesVolume, MountPath: render.DefaultTemplatesDir, ReadOnly: true},
		{Name: RenderParamsVolume, MountPath: render.DefaultParamsDir, ReadOnly: true},
		{Name: RenderOutputVolume, MountPath: render.DefaultOutputDir},
	})
	// restrictedSecurityContext satisfies the restricted Pod Security Standard on its own,
	// whatever the pod's securityContext says.
	restrictedSecurityContext = &corev1.SecurityContext{
		RunAsNonRoot:             ptrTo(true),
		RunAsUser:                ptrTo(renderUser),
		AllowPrivilegeEscalation: ptrTo(false),
		ReadOnlyRootFilesystem:   ptrTo(true),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
)

// initRole names a regular init container podpatterns injects, and its config entry, in
// the messages of fitInitResources.
type initRole struct{ container, owner string }

// renderRole is the config-template renderer's.
var renderRole = initRole{container: "renderer", owner: "template"}

// fitInitResources adjusts c's resources to the pod (giving c new lists, never editing
// the ones it has: they are the config's):
//   - with pod-level resources the class is the pod's whatever c says, but c must fit:
//     limits not above the pod's, requests not above the pod's (a regular init container
//     runs alone, so its requests are not added to the app's);
//   - in a Guaranteed pod c's cpu and memory requests become its limits; without both
//     limits the template is refused for this pod.
func fitInitResources(pod *corev1.Pod, c *corev1.Container, role initRole) (SkipReason, string) {
	if pod.Spec.Resources != nil && hasQoSResource(pod.Spec.Resources) {
		return fitPodLevel(pod.Spec.Resources, c.Resources, role)
	}
	if qos.ClassOf(pod) != corev1.PodQOSGuaranteed {
		return "", ""
	}
	var unlimited []string
	for _, name := range qosResources {
		if q, ok := c.Resources.Limits[name]; !ok || q.Sign() <= 0 {
			unlimited = append(unlimited, string(name))
		}
	}
	if len(unlimited) > 0 {
		return SkipQoSIncompatible, fmt.Sprintf("the pod is Guaranteed and the %s sets no %s limit: "+
			"the %s would make the pod Burstable", role.owner, strings.Join(unlimited, " or "), role.container)
	}
	requests := c.Resources.Requests.DeepCopy() // a new list: c's may be the config's
	if requests == nil {
		requests = corev1.ResourceList{}
	}
	for _, name := range qosResources {
		requests[name] = c.Resources.Limits[name].DeepCopy()
	}
	c.Resources.Requests = requests
	return "", ""
}

// fitPodLevel checks the apiserver's pod-level resource rules for one regular init
// container.
func fitPodLevel(podRes *corev1.ResourceRequirements, r corev1.ResourceRequirements, role initRole) (SkipReason, string) {
	for _, name := range qosResources {
		if podLimit, ok := podRes.Limits[name]; ok {
			if limit, ok := r.Limits[name]; ok && podresources.Cmp(limit, podLimit) > 0 {
				return SkipExceedsPodResources, fmt.Sprintf("the %s's %s limit %s exceeds the pod-level limit %s",
					role.container, name, limit.String(), podLimit.String())
			}
		}
		podRequest, ok := effectiveRequest(*podRes, name)
		if !ok {
			continue
		}
		if request, ok := effectiveRequest(r, name); ok && podresources.Cmp(request, podRequest) > 0 {
			return SkipExceedsPodResources, fmt.Sprintf("the %s's %s request %s exceeds the pod-level request %s",
				role.container, name, request.String(), podRequest.String())
		}
	}
	return "", ""
}
