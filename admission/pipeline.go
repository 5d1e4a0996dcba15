package admission

import (
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/resourcequota"
	"github.com/podpatterns/podpatterns/validators"
)

// Pipeline is everything built from one config revision: the mutator and validator
// chains. It is immutable and shared by all requests; a reload builds a new one.
type Pipeline struct {
	// Config is the loaded config; its Revision is the pipeline's revision.
	Config     *config.Loaded
	Mutators   *mutators.Chain
	Validators *validators.Chain
	// limitRanges are Deps.LimitRanges (AsAdmitted).
	limitRanges limitrange.Getter
	// quotas are Deps.ResourceQuotas (MutatePod's quota warnings).
	quotas resourcequota.Getter
}

// Revision is the config revision the pipeline was built from.
func (p *Pipeline) Revision() string { return p.Config.Revision }

// Deps are what the chains need from outside the config file.
type Deps struct {
	// RenderImage is the default image of the config-template render init container:
	// the server's own image (`podpatterns serve --self-image`). The config's renderImage
	// and a template's own image win over it.
	RenderImage string
	// PriorityClasses finds PriorityClasses (the informer cache in the server, the
	// system classes plus the input's in the CLI). Nil without any view of the cluster:
	// the profile's default class is then set by name only and class existence,
	// selectors and value caps are not checked.
	PriorityClasses mutators.PriorityClassGetter
	// MaxContainers is mutators.Options.MaxContainers (`podpatterns serve --max-containers`).
	MaxContainers int
	// LimitRanges lists a namespace's LimitRanges (the informer cache in the server, the
	// cluster's in the CLI's --from-cluster). Nil without any view of the cluster: no
	// LimitRange is assumed.
	LimitRanges limitrange.Getter
	// ResourceQuotas lists a namespace's ResourceQuotas (the informer cache in the
	// server): a warning when the injected containers take a pod over what a quota has
	// left. Nil: no quota.
	ResourceQuotas resourcequota.Getter
}

// Compose is the composition root: it builds every mutator and validator of cfg, once
// per config revision.
func Compose(cfg *config.Loaded, deps Deps) *Pipeline {
	return &Pipeline{
		Config:   cfg,
		Mutators: mutators.New(cfg.Mutators, MutatorOptions(cfg, deps)),
		Validators: validators.New(cfg.Validators, validators.Options{
			PriorityClasses: deps.PriorityClasses,
			Injected:        validators.InjectablesOf(cfg.Mutators, deps.RenderImage),
		}),
		limitRanges: deps.LimitRanges,
		quotas:      deps.ResourceQuotas,
	}
}

// MutatorOptions are the mutating chain's options Compose builds it with (tests build a
// chain with one of them replaced).
func MutatorOptions(cfg *config.Loaded, deps Deps) mutators.Options {
	return mutators.Options{
		Revision:              cfg.Revision,
		RenderImage:           deps.RenderImage,
		PriorityClassDefaults: cfg.Validators.DefaultPriorityClasses(),
		ReadinessDefaults:     cfg.Validators.ReadinessDefaults(),
		PriorityClasses:       deps.PriorityClasses,
		MaxContainers:         deps.MaxContainers,
		PriorityClassCheck:    cfg.Validators.DefaultClassProblem,
		InjectionCheck:        cfg.Validators.InjectionProblem,
		LimitRanges:           deps.LimitRanges,
	}
}

// KnownProfile returns name when the config defines it, else "unknown": metric labels
// stay bounded whatever a namespace label says.
func (p *Pipeline) KnownProfile(name string) string {
	if _, ok := p.Config.Profiles[name]; ok {
		return name
	}
	return "unknown"
}
