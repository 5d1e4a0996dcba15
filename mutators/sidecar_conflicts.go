package mutators

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
)

// conflict returns why t cannot be injected into pod without changing or breaking what
// the pod already has, or "" when it can:
//   - a volume of the same name with other content;
//   - a container port (number and protocol) already used by a running container (the
//     pod shares one network namespace);
//   - an app container that mounts something else at one of the template's app mount paths.
func conflict(pod *corev1.Pod, t *SidecarTemplate, apps []int) string {
	for _, v := range t.Volumes {
		for _, have := range pod.Spec.Volumes {
			if have.Name == v.Name && !sameVolumeSource(have.VolumeSource, v.VolumeSource) {
				return fmt.Sprintf("the pod already has a volume %q with other content", v.Name)
			}
		}
	}
	for _, p := range t.Container.Ports {
		if owner := portOwner(pod, p); owner != "" {
			return fmt.Sprintf("container %q already uses port %d/%s", owner, p.ContainerPort, protocolOf(p))
		}
	}
	for _, i := range apps {
		c := &pod.Spec.Containers[i]
		for _, m := range t.AppVolumeMounts {
			for _, have := range c.VolumeMounts {
				if samePath(have.MountPath, m.MountPath) && have.Name != m.Name {
					return fmt.Sprintf("container %q already mounts volume %q at %s", c.Name, have.Name, m.MountPath)
				}
			}
		}
	}
	return ""
}

// portOwner returns the running container (app container or native sidecar) that
// already listens on p's port and protocol, or "".
func portOwner(pod *corev1.Pod, p corev1.ContainerPort) string {
	running := func(c *corev1.Container) string {
		for _, have := range c.Ports {
			if have.ContainerPort == p.ContainerPort && protocolOf(have) == protocolOf(p) {
				return c.Name
			}
		}
		return ""
	}
	for i := range pod.Spec.Containers {
		if owner := running(&pod.Spec.Containers[i]); owner != "" {
			return owner
		}
	}
	for i := range pod.Spec.InitContainers {
		if c := &pod.Spec.InitContainers[i]; isRestartable(c) {
			if owner := running(c); owner != "" {
				return owner
			}
		}
	}
	return ""
}

// protocolOf is the port's protocol with the apiserver's default.
func protocolOf(p corev1.ContainerPort) corev1.Protocol {
	if p.Protocol == "" {
		return corev1.ProtocolTCP
	}
	return p.Protocol
}

// isRestartable reports whether an init container is a native sidecar.
func isRestartable(c *corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// sameVolumeSource compares two volume sources after applying the apiserver's defaults
// to both, so a template volume equals the same volume after the apiserver has decoded
// it (on reinvocation, or a user who declared it himself).
func sameVolumeSource(a, b corev1.VolumeSource) bool {
	return equality.Semantic.DeepEqual(defaultedSource(a), defaultedSource(b))
}

// defaultModeDefault is the apiserver's default file mode of configMap, secret,
// downwardAPI and projected volumes (0644).
const defaultModeDefault int32 = 0o644

// defaultedSource returns a copy of s with the apiserver defaults of the common volume
// types filled in; other types compare as written.
func defaultedSource(s corev1.VolumeSource) corev1.VolumeSource {
	s = *s.DeepCopy()
	mode := func(m **int32) {
		if *m == nil {
			v := defaultModeDefault
			*m = &v
		}
	}
	switch {
	case s.ConfigMap != nil:
		mode(&s.ConfigMap.DefaultMode)
	case s.Secret != nil:
		mode(&s.Secret.DefaultMode)
	case s.DownwardAPI != nil:
		mode(&s.DownwardAPI.DefaultMode)
		defaultFieldRefs(s.DownwardAPI.Items)
	case s.Projected != nil:
		mode(&s.Projected.DefaultMode)
		for _, p := range s.Projected.Sources {
			if p.DownwardAPI != nil {
				defaultFieldRefs(p.DownwardAPI.Items)
			}
		}
	case s.HostPath != nil && s.HostPath.Type == nil:
		unset := corev1.HostPathUnset
		s.HostPath.Type = &unset
	}
	return s
}

// defaultFieldRefs sets the apiserver's default fieldRef apiVersion (v1).
func defaultFieldRefs(items []corev1.DownwardAPIVolumeFile) {
	for i := range items {
		if ref := items[i].FieldRef; ref != nil && ref.APIVersion == "" {
			ref.APIVersion = "v1"
		}
	}
}
