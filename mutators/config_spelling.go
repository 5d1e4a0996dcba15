package mutators

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/podresources"
)

// cacheSpellings stores every quantity of the injected containers' resource lists with
// its canonical spelling computed (Quantity.String keeps it), so the patch writer copies
// it instead of canonicalizing it for every pod (8 allocations of the all-patterns pod):
// the lists are shared by every pod the containers go into. The JSON is the same either
// way. Only ordinary quantities: String on an absurd exponent does not return (the
// config then fails validation anyway).
func (c *Config) cacheSpellings() {
	for _, t := range c.Sidecars {
		cacheListSpellings(t.Container.Resources.Requests)
		cacheListSpellings(t.Container.Resources.Limits)
	}
	for _, t := range c.ConfigTemplates {
		cacheListSpellings(t.Resources.Requests)
		cacheListSpellings(t.Resources.Limits)
	}
	for _, t := range c.ConfigImages {
		cacheListSpellings(t.Resources.Requests)
		cacheListSpellings(t.Resources.Limits)
	}
}

func cacheListSpellings(list corev1.ResourceList) {
	for name, q := range list {
		if podresources.Ordinary(q) {
			_ = q.String()
			list[name] = q
		}
	}
}
