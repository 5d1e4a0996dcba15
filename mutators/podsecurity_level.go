package mutators

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	psaapi "k8s.io/pod-security-admission/api"
)

// TemplateLevel is the highest Pod Security level an injection of one config entry
// meets on its own, in a pod whose securityContext sets nothing (`check-config` prints
// it). In a namespace enforcing a higher level the entry is refused (SkipPodSecurity)
// unless the pod's own securityContext supplies what it lacks.
type TemplateLevel struct {
	// Section is the config section: sidecars, configTemplates or configImages.
	Section string
	Name    string
	Level   psaapi.Level
}

// PodSecurityLevels returns the level of every container template, configuration
// template (its renderer) and configuration image (its copier or image volume), sorted
// by section and name.
func (c *Config) PodSecurityLevels() []TemplateLevel {
	var out []TemplateLevel
	for _, name := range slices.Sorted(maps.Keys(c.Sidecars)) {
		t := c.Sidecars[name]
		ctr := injectedCopy(&t.Container)
		spec := corev1.PodSpec{Volumes: t.Volumes}
		if t.IsNative() {
			ctr.RestartPolicy = restartAlways
			spec.InitContainers = []corev1.Container{*ctr}
		} else {
			spec.Containers = []corev1.Container{*ctr}
		}
		out = append(out, TemplateLevel{"sidecars", name, highestLevel(&spec)})
	}
	for _, name := range slices.Sorted(maps.Keys(c.ConfigTemplates)) {
		t := c.ConfigTemplates[name]
		spec := corev1.PodSpec{InitContainers: []corev1.Container{*newRenderContainer(&t, "renderer")},
			Volumes: renderVolumes(&t, t.ParamsConfigMap)}
		out = append(out, TemplateLevel{"configTemplates", name, highestLevel(&spec)})
	}
	for _, name := range slices.Sorted(maps.Keys(c.ConfigImages)) {
		img := c.ConfigImages[name]
		img.Mode = c.ConfigImageModeOf(&img)
		spec := corev1.PodSpec{Volumes: []corev1.Volume{configImageVolume(&img)}}
		if img.Mode == ConfigImageCopy {
			spec.InitContainers = []corev1.Container{*configImageCopier(&img)}
		}
		out = append(out, TemplateLevel{"configImages", name, highestLevel(&spec)})
	}
	return out
}

// highestLevel is restricted, baseline or privileged: the first spec meets (latest).
func highestLevel(spec *corev1.PodSpec) psaapi.Level {
	pod := &corev1.Pod{Spec: *spec}
	for _, l := range []psaapi.Level{psaapi.LevelRestricted, psaapi.LevelBaseline} {
		if failedChecks(psaapi.LevelVersion{Level: l, Version: psaapi.LatestVersion()}, pod, spec) == "" {
			return l
		}
	}
	return psaapi.LevelPrivileged
}
