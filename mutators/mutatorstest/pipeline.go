package mutatorstest

import (
	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/validators"
)

// Deps are the admission dependencies of the case: the golden render image and the
// case's PriorityClasses with the system ones (the server's informer cache, the CLI's
// --priority-classes).
func (c *Case) Deps() admission.Deps {
	return admission.Deps{RenderImage: RenderImage, PriorityClasses: validators.NewStaticPriorityClasses(c.PriorityClasses...)}
}

// Pipeline composes the case's pipeline as the server would from its config, with the
// fixed golden revision.
func (c *Case) Pipeline() (*admission.Pipeline, error) {
	cfg, err := config.Parse(c.ConfigName, c.ConfigData)
	if err != nil {
		return nil, err
	}
	cfg.Revision = Revision // golden files carry a fixed revision
	return admission.Compose(cfg, c.Deps()), nil
}
