package mutators

import "fmt"

// beforeInitWithoutStartupProbe: template name. A native sidecar holds back the next init
// container only until its startupProbe succeeds, or, without one, until it has started:
// the user's init containers (a migration through the proxy) can then run before it
// listens.
const beforeInitWithoutStartupProbe = "sidecars[%s]: placement before-init without a container.startupProbe: " +
	"the kubelet starts the next init container as soon as the helper's process has started, " +
	"so the pod's own init containers may run before it serves; give it a startupProbe"

// Warnings are what a valid config may still get wrong: `podpatterns check-config`
// prints them. They never fail a load.
func (c *Config) Warnings() []string {
	var out []string
	for _, name := range sortedKeys(c.Sidecars) {
		t := c.Sidecars[name]
		if t.IsNative() && t.Placement == PlacementBeforeInit && t.Container.StartupProbe == nil {
			out = append(out, fmt.Sprintf(beforeInitWithoutStartupProbe, name))
		}
	}
	return out
}
