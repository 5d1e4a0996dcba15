package mutators

import (
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// ConfigImageMode says how a configuration data image reaches the app containers.
type ConfigImageMode string

// The ways of delivering a configuration data image.
const (
	// ConfigImageCopy (default): the book's way. An init container from the data image
	// copies SourcePath into an emptyDir that the app containers mount read-only. Works on
	// every supported cluster; the data image needs a `cp`.
	ConfigImageCopy ConfigImageMode = "copy"
	// ConfigImageVolume: an image volume (volumes[].image, Kubernetes 1.33+ with the
	// ImageVolume feature, and a runtime that supports it, e.g. containerd 2.1+), mounted
	// read-only with SourcePath as its subPath. No container and no copy; the image may be
	// FROM scratch.
	ConfigImageVolume ConfigImageMode = "imageVolume"
)

// DefaultConfigImageSource is the directory of a data image whose content the app sees
// when the config names none.
const DefaultConfigImageSource = "/config"

// ConfigImage is one Immutable Configuration set-up (chapter 20): an admin-defined data
// image whose files the app containers see read-only at MountPath. Pods select it by
// name with podpatterns.io/config-image; no annotation can name an image.
type ConfigImage struct {
	// Image is the data image's reference (ideally by digest: the configuration is then
	// immutable in fact).
	Image string `json:"image"`
	// MountPath is where the app containers see the files (read-only).
	MountPath string `json:"mountPath"`
	// SourcePath is the directory inside the image whose content appears at MountPath
	// (default /config): what the copy init container copies, the image volume's subPath.
	SourcePath string `json:"sourcePath,omitempty"`
	// Mode overrides the config's configImageMode for this image (default: that mode),
	// so image volumes can be rolled out one image at a time.
	Mode ConfigImageMode `json:"mode,omitempty"`
	// PullPolicy of the data image (default IfNotPresent).
	PullPolicy corev1.PullPolicy `json:"pullPolicy,omitempty"`
	// Resources of the copy init container (copy mode only); defaults and rules are the
	// renderer's (requests 50m/32Mi, limits 100m/64Mi; raised to the limits in a
	// Guaranteed pod).
	Resources corev1.ResourceRequirements `json:"resources,omitempty"`
}

// Default fills in the source path, pull policy and copy container resources (an unset
// mode stays unset: Config.ConfigImageModeOf resolves it).
func (c *ConfigImage) Default(string) {
	if c.SourcePath == "" {
		c.SourcePath = DefaultConfigImageSource
	}
	if c.PullPolicy == "" {
		c.PullPolicy = corev1.PullIfNotPresent
	}
	if len(c.Resources.Requests) == 0 && len(c.Resources.Limits) == 0 {
		c.Resources.Requests = defaultRenderRequests.DeepCopy()
		c.Resources.Limits = defaultRenderLimits.DeepCopy()
	}
}

// Validate checks a defaulted ConfigImage.
func (c *ConfigImage) Validate(p *field.Path) field.ErrorList {
	var errs field.ErrorList
	switch {
	case c.Image == "":
		errs = append(errs, field.Required(p.Child("image"), "the data image's reference"))
	case strings.ContainsAny(c.Image, " \t\n"):
		errs = append(errs, field.Invalid(p.Child("image"), c.Image, "must not contain whitespace"))
	}
	if !path.IsAbs(c.MountPath) || path.Clean(c.MountPath) == "/" {
		errs = append(errs, field.Invalid(p.Child("mountPath"), c.MountPath, "must be an absolute path other than /"))
	}
	if !path.IsAbs(c.SourcePath) {
		errs = append(errs, field.Invalid(p.Child("sourcePath"), c.SourcePath, "must be an absolute path"))
	}
	switch c.PullPolicy {
	case corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever:
	default:
		errs = append(errs, field.NotSupported(p.Child("pullPolicy"), c.PullPolicy,
			[]corev1.PullPolicy{corev1.PullAlways, corev1.PullIfNotPresent, corev1.PullNever}))
	}
	if c.Mode != "" {
		errs = append(errs, validateConfigImageMode(p.Child("mode"), c.Mode)...)
	}
	errs = append(errs, validateRenderResources(p.Child("resources"), c.Resources)...)
	return errs
}

// validateConfigImageMode checks the cluster-wide mode (empty is defaulted before).
func validateConfigImageMode(p *field.Path, m ConfigImageMode) field.ErrorList {
	if m == ConfigImageCopy || m == ConfigImageVolume {
		return nil
	}
	return field.ErrorList{field.NotSupported(p, m, []ConfigImageMode{ConfigImageCopy, ConfigImageVolume})}
}

// ConfigImageModeOf is how img reaches the app: its own mode, else the config's.
func (c *Config) ConfigImageModeOf(img *ConfigImage) ConfigImageMode {
	if img.Mode != "" {
		return img.Mode
	}
	return c.ConfigImageMode
}
