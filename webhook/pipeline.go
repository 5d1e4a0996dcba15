package webhook

import (
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// Pipeline is everything built from one config revision: the mutator and validator
// chains. It is immutable and shared by all requests; a reload builds a new one.
type Pipeline struct {
	Revision   string
	Config     *Config
	Mutators   *mutators.Chain
	Validators *validators.Chain
}

// Deps are what the chains need from outside the config file.
type Deps struct {
	// SelfImage is the server's own image, the default for the render init container.
	SelfImage string
	// PriorityClasses finds PriorityClasses (ClusterCache.PriorityClasses). Nil without a
	// cluster (standalone, offline CLI): the profile's default class is set by name only
	// and class existence, selectors and value caps are not checked.
	PriorityClasses validators.PriorityClassLister
}

// Compose is the composition root: it builds every mutator and validator of cfg, once
// per config revision.
func Compose(cfg *LoadedConfig, deps Deps) *Pipeline {
	return &Pipeline{
		Revision: cfg.Revision,
		Config:   cfg.Config,
		Mutators: mutators.New(cfg.MutatorsConfig, mutators.Options{
			Revision:              cfg.Revision,
			RenderImage:           deps.SelfImage,
			PriorityClassDefaults: cfg.ValidatorsConfig.DefaultPriorityClasses(),
			PriorityClasses:       deps.PriorityClasses,
			PriorityClassCheck:    cfg.ValidatorsConfig.DefaultClassProblem,
		}),
		Validators: validators.New(cfg.ValidatorsConfig, validators.Options{
			PriorityClasses: deps.PriorityClasses,
			Injected:        validators.InjectablesOf(cfg.MutatorsConfig, deps.SelfImage),
		}),
	}
}

// knownProfile returns name when the config defines it, else "unknown": metric labels
// stay bounded whatever a namespace label says.
func (p *Pipeline) knownProfile(name string) string {
	if _, ok := p.Config.Profiles[name]; ok {
		return name
	}
	return "unknown"
}
