package webhook

import (
	"errors"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
)

// maxLoggedNamespaces bounds the names one reload's log line lists.
const maxLoggedNamespaces = 20

// errInvalidDefaults is what the loud log line of such a reload says.
var errInvalidDefaults = errors.New("the new config refuses default annotations of namespaces")

// reportInvalidDefaults logs at error level and counts the namespaces whose default
// annotations next refuses (a prestop above the new maxSleepSeconds, a name that is not
// a DNS label, ...). The reload still applies: their pods are admitted and skip those
// patterns (invalid-default, with a warning and an Event), never denied.
func (s *Server) reportInvalidDefaults(next *admission.Pipeline) {
	all, ok := s.opts.Namespaces.(NamespaceIndex)
	if !ok {
		return
	}
	var names, problems []string
	for _, ns := range all.AllNamespaces() {
		skips := mutators.InvalidDefaults(next.Mutators, ns)
		if len(skips) == 0 {
			continue
		}
		if len(names) < maxLoggedNamespaces {
			names = append(names, ns.Name)
			problems = append(problems, skips[0].Message)
		}
		s.metrics.ConfigInvalidDefaults.Inc()
	}
	if len(names) > 0 {
		s.opts.Logger.Error(errInvalidDefaults, "config reload makes namespace defaults invalid: their pods skip those patterns (invalid-default)",
			"namespaces", names, "problems", problems, "revision", next.Revision())
	}
}
