package mutators

import (
	"path"
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// samePath reports whether two mount paths name the same directory: /var/log/app/,
// /var/log//app and /var/log/app are one place in the container's filesystem, so they
// are compared cleaned, never as strings.
func samePath(a, b string) bool {
	return path.Clean(a) == path.Clean(b)
}

// mountsAt reports whether mounts has a mount at p (compared cleaned).
func mountsAt(mounts []corev1.VolumeMount, p string) bool {
	return slices.ContainsFunc(mounts, func(m corev1.VolumeMount) bool { return samePath(m.MountPath, p) })
}
