package mutators

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Skip reasons of the configuration template injector.
const (
	// SkipNoRenderImage: neither the template, the config nor the server names the
	// renderer's image, so there is nothing to run.
	SkipNoRenderImage SkipReason = "no-render-image"
)

// Messages of denied config-template annotations.
const (
	notAConfigTemplateName = "not a configuration template name: the value must be one template " +
		"name from the podpatterns config (a lowercase DNS label such as nginx)"
	notAConfigMapName = "not a ConfigMap name: the value must name a ConfigMap of the pod's " +
		"namespace (a lowercase DNS subdomain)"
)

// RenderImageFor is the image of the renderer init container that configuration template
// name gets: the template's own image, else the config's renderImage, else selfImage (the
// server's own, `serve --self-image`). The mutator and the validators' exemption both use
// it, so a renderer is recognised by exactly the image it was injected with.
func (c *Config) RenderImageFor(name, selfImage string) string {
	if t, ok := c.ConfigTemplates[name]; ok && t.Image != "" {
		return t.Image
	}
	if c.RenderImage != "" {
		return c.RenderImage
	}
	return selfImage
}

// configTemplater implements the Configuration Template pattern (chapter 21): for the
// template a pod selects with podpatterns.io/config-template, it adds an init container
// that runs `podpatterns render` over the template's ConfigMaps into an emptyDir, and
// mounts that emptyDir read-only into the app containers.
type configTemplater struct {
	templates map[string]ConfigTemplate
	// sidecars tell injected classic containers from app containers.
	sidecars map[string]SidecarTemplate
	// cfg and self choose the renderer image (Config.RenderImageFor).
	cfg  Config
	self string
	// fit refuses the renderer when it would make the pod break its profile.
	fit profileFit
	// ranges default the renderer and refuse it where a LimitRange would reject the pod.
	ranges rangeFit
	// prebuilt is each template's injection, built once (configtemplate_prebuilt.go).
	prebuilt map[string]renderPrebuilt
}

var _ Mutator = (*configTemplater)(nil)

// newConfigTemplater returns the injector for cfg's templates; opts.RenderImage is the
// server's own image, the last resort for the renderer's (Config.RenderImageFor).
func newConfigTemplater(cfg Config, opts Options) *configTemplater {
	return &configTemplater{templates: cfg.ConfigTemplates, sidecars: cfg.Sidecars, cfg: cfg, self: opts.RenderImage,
		fit: profileFit{check: opts.InjectionCheck}, ranges: rangeFit{get: opts.LimitRanges}, prebuilt: prebuildRenders(cfg, opts.RenderImage)}
}

// Name is the pattern name.
func (m *configTemplater) Name() string { return string(PatternConfigTemplate) }

// Mutate injects the selected template, or records why not.
func (m *configTemplater) Mutate(req *Request) {
	name, ok := selectedConfigTemplate(req)
	if !ok {
		return
	}
	if name == "" {
		reportStrayParams(req)
		return
	}
	t, found := m.templates[name]
	if !found {
		req.Report.Skip(PatternConfigTemplate, name, SkipUnknownTemplate, true,
			"%s names no configuration template %q in the podpatterns config", AnnotationConfigTemplate, name)
		return
	}
	if skipForOS(req, PatternConfigTemplate, name, linuxOnly) {
		return
	}
	params, ok := paramsConfigMap(req, name, &t)
	if !ok {
		return
	}
	image := m.cfg.RenderImageFor(name, m.self)
	if image == "" {
		req.Report.Skip(PatternConfigTemplate, name, SkipNoRenderImage, true,
			"no renderer image: set configTemplates.%s.image, renderImage, or serve --self-image", name)
		return
	}
	m.inject(req, name, &t, renderSetup{image: image, params: params})
}

// selectedConfigTemplate parses the effective podpatterns.io/config-template value: one
// template name (spaces around it allowed). Empty selects nothing, so a pod can turn a
// namespace default off with "". A list or anything that is not a DNS label denies the pod
// (ok false).
func selectedConfigTemplate(req *Request) (name string, ok bool) {
	value, found := req.Annotation(AnnotationConfigTemplate)
	if !found {
		return "", true
	}
	name = strings.Trim(value, " ")
	if name == "" {
		return "", true
	}
	if strings.Contains(name, ",") {
		refuseValue(req, PatternConfigTemplate, AnnotationConfigTemplate, field.Invalid(annotationSourcePath(req, AnnotationConfigTemplate), clip(value), "a pod uses exactly one configuration template"))
		return "", false
	}
	if len(validation.IsDNS1123Label(name)) > 0 {
		refuseValue(req, PatternConfigTemplate, AnnotationConfigTemplate, field.Invalid(annotationSourcePath(req, AnnotationConfigTemplate), clip(value), notAConfigTemplateName))
		return "", false
	}
	return name, true
}

// paramsConfigMap returns the params ConfigMap for template name: the pod's
// podpatterns.io/config-params when the template allows overriding, else the template's.
// Setting it where the template does not allow it denies the pod rather than rendering
// with parameters the user did not ask for.
func paramsConfigMap(req *Request, name string, t *ConfigTemplate) (string, bool) {
	value, found := req.Annotation(AnnotationConfigParams)
	if !found || value == "" {
		return t.ParamsConfigMap, true
	}
	path := annotationSourcePath(req, AnnotationConfigParams)
	if !t.AllowParamsOverride {
		refuseValue(req, PatternConfigTemplate, AnnotationConfigParams, field.Forbidden(path, fmt.Sprintf(
			"configuration template %q does not allow choosing its params ConfigMap (allowParamsOverride is false); remove the annotation", name)))
		return "", false
	}
	if len(validation.IsDNS1123Subdomain(value)) > 0 {
		refuseValue(req, PatternConfigTemplate, AnnotationConfigParams, field.Invalid(path, clip(value), notAConfigMapName))
		return "", false
	}
	return value, true
}

// reportStrayParams warns about a pod's own podpatterns.io/config-params without a
// configuration template: it has no effect, which the user should hear about. A
// namespace default alone is not worth a warning on every pod.
func reportStrayParams(req *Request) {
	if v, own := req.Pod.Annotations[AnnotationConfigParams]; own && v != "" {
		req.Report.Skip(PatternConfigTemplate, "", SkipNotApplicable, true,
			"%s is set but no configuration template is selected with %s", AnnotationConfigParams, AnnotationConfigTemplate)
	}
}

// inject adds the renderer init container, its volumes and the app mounts, after every
// check passed (a refused template leaves nothing behind). When the renderer is already
// there (an earlier pass, or reinvocation after another webhook added containers), only
// app containers that lack the mount get it.
func (m *configTemplater) inject(req *Request, name string, t *ConfigTemplate, s renderSetup) {
	pod := req.Pod
	apps := appContainers(make([]int, 0, appsOnStack), pod, m.sidecars)
	if existing := findContainer(pod, RenderContainerName); existing != nil {
		if existing.Image != s.image {
			req.Report.Skip(PatternConfigTemplate, name, SkipNameConflict, true,
				"the pod already has a container %q with another image (%s)", existing.Name, existing.Image)
			return
		}
		if findVolume(pod, RenderOutputVolume) == nil {
			req.Report.Skip(PatternConfigTemplate, name, SkipNameConflict, true,
				"the pod has a container %q but no volume %q: it was not injected by podpatterns", RenderContainerName, RenderOutputVolume)
			return
		}
		if mountIntoApps(req, apps, renderAppMount(t)) {
			req.Report.Inject(PatternConfigTemplate, name)
		}
		return
	}
	volumes := m.volumesFor(name, t, s.params)
	if msg := renderConflict(pod, volumes, apps, t.MountPath); msg != "" {
		req.Report.Skip(PatternConfigTemplate, name, SkipNameConflict, true, "%s", msg)
		return
	}
	ranges := m.ranges.of(req)
	c, reason, msg := m.renderContainer(pod, name, t, s.image, ranges)
	if reason != "" {
		req.Report.Skip(PatternConfigTemplate, name, reason, true, "%s", msg)
		return
	}
	at := beforeSidecars(pod)
	if problem := limitRangeProblem(ranges, pod, c, at); problem != "" {
		refuseForLimitRange(req, PatternConfigTemplate, name, problem)
		return
	}
	if problem := m.fit.problem(req, c, at); problem != "" {
		refuseForProfile(req, PatternConfigTemplate, name, problem)
		return
	}
	if podSecurityRefuses(req, PatternConfigTemplate, name, c, at.init, volumes) {
		return
	}
	addVolumes(req, volumes)
	req.insertContainer(c, at)
	mountIntoApps(req, apps, renderAppMount(t))
	req.Report.Inject(PatternConfigTemplate, name)
}

// renderConflict returns why the renderer's volumes or app mount cannot be added, or "".
func renderConflict(pod *corev1.Pod, volumes []corev1.Volume, apps []int, mountPath string) string {
	for _, v := range volumes {
		for _, have := range pod.Spec.Volumes {
			if have.Name == v.Name && !sameVolumeSource(have.VolumeSource, v.VolumeSource) {
				return fmt.Sprintf("the pod already has a volume %q with other content", v.Name)
			}
		}
	}
	return mountConflict(pod, apps, RenderOutputVolume, mountPath)
}

// beforeSidecars is where the renderer (and the config image's copier) goes: after the
// pod's regular init containers (their order is the user's, and none of them sees the
// rendered files) and before the first native sidecar, so that no long-running
// container starts before the config exists and a broken template stops the pod before
// anything serves traffic.
func beforeSidecars(pod *corev1.Pod) place {
	i := slices.IndexFunc(pod.Spec.InitContainers, func(ic corev1.Container) bool { return isRestartable(&ic) })
	if i < 0 {
		i = len(pod.Spec.InitContainers)
	}
	return place{init: true, index: i}
}

// mountIntoApps adds m to every app container without a mount at m.MountPath and
// reports whether it added any.
func mountIntoApps(req *Request, apps []int, m corev1.VolumeMount) bool {
	added := false
	for _, i := range apps {
		if !mountsAt(req.Pod.Spec.Containers[i].VolumeMounts, m.MountPath) {
			req.addMount(req.container(i), m)
			added = true
		}
	}
	return added
}
