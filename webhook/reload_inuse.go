package webhook

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// errDroppedInUse is what a refused reload says, before the names and namespaces.
var errDroppedInUse = errors.New("config not applied: it removes profiles or templates that namespaces still name " +
	"(relabel or re-annotate those namespaces first; the file is tried again on every change and poll)")

// refuseDroppedInUse is the reloader's check: a new config that drops a profile a
// namespace's podpatterns.io/profile label names, or a template a namespace's
// default annotations select, is refused — every pod of those namespaces would be
// denied (unknown-profile) or lose its injection. The last good config keeps serving,
// the failure is counted (podpatterns_config_reloads_total{result="failure"}, the
// last-reload gauge at 0: the PodpatternsConfigReloadFailing alert). Drops only pods
// name (the server cannot see every pod's annotations) still apply, logged and counted
// (reportDropped).
func (s *Server) refuseDroppedInUse(next *config.Loaded) error {
	current := s.handlers.Pipeline()
	idx, ok := s.opts.Namespaces.(NamespaceIndex)
	if current == nil || !ok {
		return nil
	}
	profiles, templates := config.Dropped(current.Config, next)
	if len(profiles)+len(templates) == 0 {
		return nil
	}
	if inUse := namedBy(profiles, templates, idx.AllNamespaces()); len(inUse) > 0 {
		return fmt.Errorf("%w: %s", errDroppedInUse, strings.Join(inUse, "; "))
	}
	return nil
}

// maxNamespacesNamed bounds the namespaces a refusal lists per name.
const maxNamespacesNamed = 5

// namedBy returns, for each dropped profile and template a namespace names, the name
// and (up to maxNamespacesNamed of) those namespaces, sorted.
func namedBy(profiles, templates []string, namespaces []mutators.Namespace) []string {
	users := map[string][]string{}
	for _, ns := range namespaces {
		if p := ns.Labels[mutators.LabelProfile]; slices.Contains(profiles, p) {
			users["profile "+p] = append(users["profile "+p], ns.Name)
		}
		for _, t := range templatesNamed(ns.Annotations) {
			if slices.Contains(templates, t) {
				users[t] = append(users[t], ns.Name)
			}
		}
	}
	out := make([]string, 0, len(users))
	for name, nss := range users {
		slices.Sort(nss)
		more := ""
		if len(nss) > maxNamespacesNamed {
			nss, more = nss[:maxNamespacesNamed], fmt.Sprintf(" and %d more", len(nss)-maxNamespacesNamed)
		}
		out = append(out, fmt.Sprintf("%s (namespaces %s%s)", name, strings.Join(nss, ", "), more))
	}
	slices.Sort(out)
	return out
}

// templatesNamed lists the templates a namespace's default annotations select, spelled
// as config.Dropped spells them.
func templatesNamed(annotations map[string]string) []string {
	var out []string
	for _, key := range []string{mutators.AnnotationSidecars, mutators.AnnotationAdapters, mutators.AnnotationAmbassadors} {
		for part := range strings.SplitSeq(annotations[key], ",") {
			if name := strings.Trim(part, " "); name != "" {
				out = append(out, "sidecars/"+name)
			}
		}
	}
	if name := strings.Trim(annotations[mutators.AnnotationConfigTemplate], " "); name != "" {
		out = append(out, "configTemplates/"+name)
	}
	if name := strings.Trim(annotations[mutators.AnnotationConfigImage], " "); name != "" {
		out = append(out, "configImages/"+name)
	}
	return out
}
