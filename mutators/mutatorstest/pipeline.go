package mutatorstest

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/validators"
)

// Deps are the admission dependencies of the case: the golden render image, the
// case's PriorityClasses with the system ones and its LimitRanges (the server's
// informer caches, the CLI's --priority-classes and --limit-ranges).
func (c *Case) Deps() admission.Deps {
	return admission.Deps{RenderImage: RenderImage, PriorityClasses: validators.NewStaticPriorityClasses(c.PriorityClasses...),
		LimitRanges: caseRanges(c.LimitRanges)}
}

// caseRanges answers the case's LimitRanges for every namespace: a case is one
// namespace, whatever name a door or the e2e suite gives it.
type caseRanges []*corev1.LimitRange

var _ limitrange.Getter = caseRanges(nil)

func (r caseRanges) LimitRanges(string) ([]*corev1.LimitRange, error) { return r, nil }

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
