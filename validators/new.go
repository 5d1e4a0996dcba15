package validators

import "github.com/podpatterns/podpatterns/mutators"

// Options are what the composition root knows that the config file does not.
type Options struct {
	// PriorityClasses finds PriorityClasses (the server's informer lister). Nil means no
	// view of the cluster (the offline CLI): class existence, selectors and value caps
	// are then not checked.
	PriorityClasses mutators.PriorityClassGetter
	// Injected recognises the containers podpatterns injects, for the injectedSidecars
	// exemption (SidecarInjectables of the mutators' config).
	Injected Injectables
}

// New returns the standard chain for one config revision: resources, QoS class, priority
// class, readiness probes, in that order (which is the order of the violations in messages).
func New(cfg Config, opts Options) *Chain {
	return NewChain(cfg,
		newResourceValidator(opts.Injected),
		qosClassValidator{},
		newPriorityClassValidator(opts.PriorityClasses),
		&readinessValidator{injected: opts.Injected},
	)
}

// ReadinessDefaults are the profiles that default readiness probes: the plain data the
// mutating side (mutators.Options) needs.
func (c *Config) ReadinessDefaults() map[string]bool {
	out := map[string]bool{}
	for name, p := range c.Profiles {
		if p.Probes.DefaultReadiness {
			out[name] = true
		}
	}
	return out
}

// DefaultPriorityClasses maps each profile that has a default priority class to it: the
// plain data the mutating side (mutators.Options) needs, without importing this package.
func (c *Config) DefaultPriorityClasses() map[string]string {
	out := map[string]string{}
	for name, p := range c.Profiles {
		if p.PriorityClasses.Default != "" {
			out[name] = p.PriorityClasses.Default
		}
	}
	return out
}
