package mutators

import (
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// notAConfigImageName is the message of a denied podpatterns.io/config-image value.
const notAConfigImageName = "not a configuration image name: the value must be one name from the " +
	"podpatterns config's configImages (a lowercase DNS label such as app-config), never an image reference"

// configImager implements the Immutable Configuration pattern (chapter 20): the app
// containers of a pod that selects a data image with podpatterns.io/config-image see its
// files read-only at the image's mountPath, through an image volume or an emptyDir that
// an init container from the data image fills (the image's ConfigImageMode).
type configImager struct {
	images map[string]ConfigImage
	// modeOf resolves an image's mode (Config.ConfigImageModeOf).
	modeOf func(*ConfigImage) ConfigImageMode
	// sidecars tell injected classic containers from app containers.
	sidecars map[string]SidecarTemplate
	// fit refuses the copy container when it would make the pod break its profile.
	fit profileFit
	// ranges default the copy container and refuse it where a LimitRange would reject the pod.
	ranges rangeFit
}

var _ Mutator = (*configImager)(nil)

func newConfigImager(cfg Config, opts Options) *configImager {
	return &configImager{images: cfg.ConfigImages, modeOf: cfg.ConfigImageModeOf, sidecars: cfg.Sidecars,
		fit: profileFit{check: opts.InjectionCheck}, ranges: rangeFit{get: opts.LimitRanges}}
}

// Name is the pattern name.
func (m *configImager) Name() string { return string(PatternConfigImage) }

// Mutate injects the selected data image, or records why not.
func (m *configImager) Mutate(req *Request) {
	name, ok := selectedConfigImage(req)
	if !ok || name == "" {
		return
	}
	img, found := m.images[name]
	img.Mode = m.modeOf(&img)
	if !found {
		req.Report.Skip(PatternConfigImage, name, SkipUnknownTemplate, true,
			"%s names no configuration image %q in the podpatterns config", AnnotationConfigImage, name)
		return
	}
	if skipForOS(req, PatternConfigImage, name, linuxOnly) {
		return
	}
	m.inject(req, name, &img)
}

// selectedConfigImage parses the effective podpatterns.io/config-image value: one name
// (spaces around it allowed); empty selects nothing. A list, or anything that is not a
// DNS label (an image reference among them), denies the pod (ok false).
func selectedConfigImage(req *Request) (name string, ok bool) {
	value, found := req.Annotation(AnnotationConfigImage)
	if !found {
		return "", true
	}
	name = strings.Trim(value, " ")
	if name == "" {
		return "", true
	}
	path := annotationSourcePath(req, AnnotationConfigImage)
	if strings.Contains(name, ",") {
		refuseValue(req, PatternConfigImage, AnnotationConfigImage, field.Invalid(path, clip(value), "a pod uses exactly one configuration image"))
		return "", false
	}
	if len(validation.IsDNS1123Label(name)) > 0 {
		refuseValue(req, PatternConfigImage, AnnotationConfigImage, field.Invalid(path, clip(value), notAConfigImageName))
		return "", false
	}
	return name, true
}

// inject adds the volume (and in copy mode the copy init container) and the app
// mounts, after every check passed: a refused image leaves nothing behind. What an
// earlier pass added is recognised by content, so a second pass changes nothing and
// only app containers without the mount (added by another webhook since) get it.
func (m *configImager) inject(req *Request, name string, img *ConfigImage) {
	pod := req.Pod
	apps := appContainers(make([]int, 0, appsOnStack), pod, m.sidecars)
	vol := configImageVolume(img)
	if have := findVolume(pod, ConfigImageVolumeName); have != nil && !sameVolumeSource(have.VolumeSource, vol.VolumeSource) {
		req.Report.Skip(PatternConfigImage, name, SkipNameConflict, true,
			"the pod already has a volume %q with other content", ConfigImageVolumeName)
		return
	}
	if msg := mountConflict(pod, apps, ConfigImageVolumeName, img.MountPath); msg != "" {
		req.Report.Skip(PatternConfigImage, name, SkipNameConflict, true, "%s", msg)
		return
	}
	added, ok := m.addCopier(req, name, img)
	if !ok {
		return
	}
	if findVolume(pod, ConfigImageVolumeName) == nil {
		req.addVolume(vol)
		added = true
	}
	if mountIntoApps(req, apps, configImageAppMount(img)) || added {
		req.Report.Inject(PatternConfigImage, name)
	}
}

// addCopier adds the copy init container in copy mode, unless the pod has it already.
// ok is false (and the skip recorded) when it cannot be added.
func (m *configImager) addCopier(req *Request, name string, img *ConfigImage) (added, ok bool) {
	if img.Mode != ConfigImageCopy {
		return false, true
	}
	if existing := findContainer(req.Pod, ConfigImageContainerName); existing != nil {
		if existing.Image != img.Image {
			req.Report.Skip(PatternConfigImage, name, SkipNameConflict, true,
				"the pod already has a container %q with another image (%s)", existing.Name, existing.Image)
			return false, false
		}
		return false, true
	}
	c := configImageCopier(img)
	ranges := m.ranges.of(req)
	defaultResources(ranges, c)
	if reason, msg := fitInitResources(req.Pod, c, copierRole); reason != "" {
		req.Report.Skip(PatternConfigImage, name, reason, true, "%s", msg)
		return false, false
	}
	at := beforeSidecars(req.Pod)
	if problem := limitRangeProblem(ranges, req.Pod, c, at); problem != "" {
		refuseForLimitRange(req, PatternConfigImage, name, problem)
		return false, false
	}
	if problem := m.fit.problem(req, c, at); problem != "" {
		refuseForProfile(req, PatternConfigImage, name, problem)
		return false, false
	}
	if podSecurityRefuses(req, PatternConfigImage, name, c, at.init, nil) {
		return false, false
	}
	req.insertContainer(c, at)
	return true, true
}
