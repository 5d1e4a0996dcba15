package mutators

import (
	schedulingv1 "k8s.io/api/scheduling/v1"

	"github.com/podpatterns/podpatterns/limitrange"
)

// Options are what the composition root knows that the config file does not: the
// config revision stamped into the status annotation and the server's own image.
type Options struct {
	// Revision is the config's content hash (config.Loaded.Revision); it is written
	// into podpatterns.io/status.
	Revision string
	// RenderImage is the default image of the config-template render init container
	// (`podpatterns serve --self-image`); Config.RenderImage and a template's own image win.
	RenderImage string
	// PriorityClassDefaults maps a profile name to the priority class its pods get when
	// they name none (validators.Config.DefaultPriorityClasses; plain data, so this
	// package never imports validators).
	PriorityClassDefaults map[string]string
	// ReadinessDefaults are the profiles whose pods get default readiness probes
	// (validators.Config.ReadinessDefaults; plain data, like PriorityClassDefaults).
	ReadinessDefaults map[string]bool
	// PriorityClasses finds PriorityClasses (the server's informer lister); nil in the
	// offline CLI, where the apiserver resolves the default class's value on creation.
	PriorityClasses PriorityClassGetter
	// MaxContainers bounds the work of one pod (0: DefaultMaxContainers): a pod with more
	// containers, init and ephemeral ones included, gets no injection (SkipTooLarge).
	MaxContainers int
	// PriorityClassCheck says why a profile's default class would break that same profile
	// for a pod of namespace ("" when it would not): validators.Config.DefaultClassProblem,
	// as a plain function so this package never imports validators. Nil: no check.
	PriorityClassCheck func(profile, namespace string, pc *schedulingv1.PriorityClass) string
	// InjectionCheck says why an injected container would make a pod break its
	// namespace's profile (validators.Config.InjectionProblem); the template is then
	// refused for that pod (SkipBreaksProfile). Nil: no check.
	InjectionCheck InjectionCheck
	// LimitRanges lists a namespace's LimitRanges (the server's informer cache): the
	// containers podpatterns injects get their defaults, and a container the API server
	// would reject the pod for is skipped (SkipLimitRange). Nil: no LimitRange.
	LimitRanges limitrange.Getter
}

// New returns the standard chain for one config revision. The order is fixed and
// documented (docs/mutators-sidecar.md): the priority class is defaulted first, the
// config-template init container and the config image's copy init container are added
// before any native sidecar so they stay ahead of them, the sidecar kinds follow in annotation order (sidecars, adapters, ambassadors),
// and Downward API and preStop come last because they act on every app container,
// never on injected ones; the readiness probe default finishes (on the pod's own
// containers only). Keep it one line per mutator: several engineers add theirs.
func New(cfg Config, opts Options) *Chain {
	templater, preStop := newConfigTemplater(cfg, opts), newPreStop(cfg)
	return NewChain(opts.Revision, []Mutator{
		templater,
		newConfigImager(cfg, opts),
		newContainerInjector(KindSidecar, cfg.Sidecars, opts),
		newAdapter(cfg, opts),
		newAmbassador(cfg, opts),
		newDownwardAPI(cfg),
		preStop,
	}...).WithDefaulters(
		newPriorityClassDefaulter(opts.PriorityClassDefaults, opts.PriorityClasses, opts.PriorityClassCheck),
	).WithFinishers(
		&readinessDefaulter{profiles: opts.ReadinessDefaults, templates: cfg.Sidecars},
	).WithMaxContainers(opts.MaxContainers).WithTemplateHashes(&cfg).withSharedJSON(cfg, append(templater.sharedRoots(), preStop.hook)...)
}
