package validators

import "github.com/podpatterns/podpatterns/mutators"

// InjectablesOf returns the Injectables of every container the mutators of cfg can
// inject: the sidecar, adapter and ambassador templates, and the config-template renderer
// of each configuration template (container podpatterns-render, with the image the
// mutator would use — the template's, else cfg.RenderImage, else selfImage — and the
// template's limits), and in copy mode the copy init container of each configuration
// image (container podpatterns-config-image, the data image, its limits). The exemption then checks a pod's container against exactly what
// that template injects.
func InjectablesOf(cfg mutators.Config, selfImage string) Injectables {
	out := SidecarInjectables(cfg.Sidecars)
	if copiers := configImageCopiers(cfg); len(copiers) > 0 {
		out[mutators.PatternConfigImage] = copiers
	}
	if len(cfg.ConfigTemplates) == 0 {
		return out
	}
	renderers := map[string]InjectedContainer{}
	for name, t := range cfg.ConfigTemplates {
		renderers[name] = InjectedContainer{
			Name:   mutators.RenderContainerName,
			Image:  cfg.RenderImageFor(name, selfImage),
			Limits: t.Resources.Limits,
		}
	}
	out[mutators.PatternConfigTemplate] = renderers
	return out
}

// configImageCopiers are the copy init containers of cfg's configuration images in copy
// mode (an image volume injects no container).
func configImageCopiers(cfg mutators.Config) map[string]InjectedContainer {
	out := map[string]InjectedContainer{}
	for name, img := range cfg.ConfigImages {
		if cfg.ConfigImageModeOf(&img) != mutators.ConfigImageCopy {
			continue
		}
		out[name] = InjectedContainer{Name: mutators.ConfigImageContainerName, Image: img.Image, Limits: img.Resources.Limits}
	}
	return out
}
