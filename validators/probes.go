package validators

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/mutators"
)

// RuleReadinessProbeRequired: a container that declares ports (an app container or a
// native sidecar) defines no readinessProbe, and the profile requires one.
const RuleReadinessProbeRequired Rule = "readiness-probe-required"

// ProbeRules are a profile's Health Probe rules (chapter 4).
type ProbeRules struct {
	// ReadinessRequired: every container that declares ports (app containers and native
	// sidecars; regular init containers cannot have one) must define a readinessProbe,
	// so the pod gets traffic only when what it serves is ready.
	ReadinessRequired bool `json:"readinessRequired,omitempty"`
	// DefaultReadiness: the mutating webhook gives every such container without one a TCP
	// readiness probe on its first declared TCP port (Kubernetes itself defaults none).
	DefaultReadiness bool `json:"defaultReadiness,omitempty"`
}

// readinessValidator enforces ProbeRules.ReadinessRequired. The per-container
// exemptions apply (a verified injected container is exempt when the profile exempts
// injected sidecars; config.Validate makes sure the others pass).
type readinessValidator struct {
	injected Injectables
}

var _ Validator = (*readinessValidator)(nil)

// Name is the validator's log name.
func (*readinessValidator) Name() string { return "readiness-probe" }

// Validate reports every container with ports and no readiness probe, app containers
// first, then native sidecars.
func (v *readinessValidator) Validate(req *Request, p *Profile) []Violation {
	if !p.Probes.ReadinessRequired {
		return nil
	}
	pod := req.Pod
	exempt := p.Exempt.exemptContainers(pod, v.injected)
	var out []Violation
	for k, cl := range []containerList{{containersPath, pod.Spec.Containers}, {initContainersPath, pod.Spec.InitContainers}} {
		for i := range cl.list {
			c := &cl.list[i]
			if !mutators.NeedsReadinessProbe(c, k == 1) || exempt[c.Name] {
				continue
			}
			out = append(out, Violation{Rule: RuleReadinessProbeRequired, Error: field.Required(
				cl.path.Index(i).Child("readinessProbe"), fmt.Sprintf(
					"container %q exposes port %d/%s but defines no readiness probe: the pod would get traffic before it can serve",
					c.Name, c.Ports[0].ContainerPort, mutators.ProtocolOf(c.Ports[0])))})
		}
	}
	return out
}
