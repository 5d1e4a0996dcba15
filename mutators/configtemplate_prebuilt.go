package mutators

import (
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// renderPrebuilt is a configuration template's injection for the pods that keep the
// template's params ConfigMap (all of them unless the template allows overriding it),
// built once per config revision and shared copy-on-write by every pod it goes into:
// the renderer's three volumes (copied by value into the pod's list, their sources
// shared, never written) and the renderer container before it is fitted to the pod
// (copied, and fitInitResources gives the copy new resource lists, never editing
// these). The chain's SharedJSON holds their JSON, so the patch copies them instead of
// encoding them per pod (TestChainLeavesSharedObjectsAlone checks nothing writes them).
type renderPrebuilt struct {
	volumes   []corev1.Volume
	container *corev1.Container
}

// prebuildRenders builds every template's renderPrebuilt; self is the server's image.
func prebuildRenders(cfg Config, self string) map[string]renderPrebuilt {
	out := make(map[string]renderPrebuilt, len(cfg.ConfigTemplates))
	for name, t := range cfg.ConfigTemplates {
		out[name] = renderPrebuilt{
			volumes:   slices.Clip(renderVolumes(&t, t.ParamsConfigMap)),
			container: newRenderContainer(&t, cfg.RenderImageFor(name, self)),
		}
	}
	return out
}

// volumesFor returns the renderer's volumes for template name with params: the
// prebuilt ones for the template's own params ConfigMap, else new ones.
func (m *configTemplater) volumesFor(name string, t *ConfigTemplate, params string) []corev1.Volume {
	if p, ok := m.prebuilt[name]; ok && params == t.ParamsConfigMap {
		return p.volumes
	}
	return renderVolumes(t, params)
}

// containerFor returns a copy of the prebuilt renderer container of template name with
// image, or a new one.
func (m *configTemplater) containerFor(name string, t *ConfigTemplate, image string) *corev1.Container {
	c := new(corev1.Container)
	if p, ok := m.prebuilt[name]; ok {
		*c = *p.container
		c.Image = image // the same string unless the config changed under the chain
		return c
	}
	*c = *newRenderContainer(t, image)
	return c
}

// sharedRoots are the prebuilt objects for the chain's SharedJSON.
func (m *configTemplater) sharedRoots() []any {
	var roots []any
	for _, p := range m.prebuilt {
		roots = append(roots, p.volumes, p.container)
	}
	return roots
}
