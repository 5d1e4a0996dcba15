package mutators

import (
	"slices"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// validateReservedNames keeps the sidecar templates off the names the built-in patterns
// add to pods: injections are recognised by name, so a template container named like
// the renderer, or a template volume named like the renderer's or the Downward API
// volume, would be mistaken for them (or clash with them) in every pod using both.
func validateReservedNames(path *field.Path, c *Config) field.ErrorList {
	var errs field.ErrorList
	builtinVolumes := []string{RenderTemplatesVolume, RenderParamsVolume, RenderOutputVolume, ConfigImageVolumeName}
	if slices.Contains(builtinVolumes, c.DownwardAPI.VolumeName) {
		errs = append(errs, field.Invalid(path.Child("downwardAPI", "volumeName"), c.DownwardAPI.VolumeName,
			"reserved for the volumes of the configuration template and configuration image patterns"))
	}
	reservedVolumes := append(builtinVolumes, c.DownwardAPI.VolumeName)
	for _, name := range sortedKeys(c.Sidecars) {
		t := c.Sidecars[name]
		p := path.Child("sidecars").Key(name)
		if t.Container.Name == RenderContainerName || t.Container.Name == ConfigImageContainerName {
			errs = append(errs, field.Invalid(p.Child("container", "name"), t.Container.Name,
				"reserved for the init containers of the configuration template and configuration image patterns"))
		}
		for i, v := range t.Volumes {
			if slices.Contains(reservedVolumes, v.Name) {
				errs = append(errs, field.Invalid(p.Child("volumes").Index(i).Child("name"), v.Name,
					"reserved for the volumes of the configuration template, configuration image and Downward API patterns"))
			}
		}
	}
	return errs
}
