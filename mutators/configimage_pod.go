package mutators

import (
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// The names the Immutable Configuration injection uses in a pod; sidecar templates and
// the Downward API volume may not use them (Config.Validate), so an injection is
// recognised by name and content.
const (
	// ConfigImageVolumeName is the image volume (imageVolume mode) or the emptyDir the
	// copy init container fills (copy mode).
	ConfigImageVolumeName = "podpatterns-config-image"
	// ConfigImageContainerName is the copy init container (copy mode).
	ConfigImageContainerName = "podpatterns-config-image"
	// ConfigImageCopyDir is where the copy init container mounts the emptyDir.
	ConfigImageCopyDir = "/podpatterns-config-image"
)

// copierRole names the copy init container in fitInitResources' messages.
var copierRole = initRole{container: "copy container", owner: "config image"}

// configImageVolume is the pod volume of img's mode: the data image itself, or an emptyDir.
func configImageVolume(img *ConfigImage) corev1.Volume {
	if img.Mode == ConfigImageVolume {
		return corev1.Volume{Name: ConfigImageVolumeName, VolumeSource: corev1.VolumeSource{
			Image: &corev1.ImageVolumeSource{Reference: img.Image, PullPolicy: img.PullPolicy},
		}}
	}
	return corev1.Volume{Name: ConfigImageVolumeName, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}
}

// configImageAppMount is the app containers' read-only mount. An image volume shows the
// whole image, so the source directory is its subPath; the emptyDir holds only the copy.
// Either way the app sees the content of SourcePath at MountPath.
func configImageAppMount(img *ConfigImage) corev1.VolumeMount {
	m := corev1.VolumeMount{Name: ConfigImageVolumeName, MountPath: img.MountPath, ReadOnly: true}
	if img.Mode == ConfigImageVolume {
		m.SubPath = strings.TrimPrefix(path.Clean(img.SourcePath), "/")
	}
	return m
}

// configImageCopier is the copy init container: `cp -R <source>/. <emptyDir>/` from the
// data image, as a fixed non-root user with the renderer's restricted security context
// (the image's files are world-readable, the emptyDir world-writable).
func configImageCopier(img *ConfigImage) *corev1.Container {
	return &corev1.Container{
		Name:            ConfigImageContainerName,
		Image:           img.Image,
		ImagePullPolicy: img.PullPolicy,
		Command:         []string{"cp", "-R", strings.TrimSuffix(path.Clean(img.SourcePath), "/") + "/.", ConfigImageCopyDir + "/"},
		Resources:       img.Resources, // the config's: fitInitResources replaces, never edits, its lists
		VolumeMounts:    []corev1.VolumeMount{{Name: ConfigImageVolumeName, MountPath: ConfigImageCopyDir}},
		// A missing source directory then shows in `kubectl describe pod`.
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          restrictedSecurityContext,
	}
}
