package webhook

import (
	"fmt"
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
)

// droppedInUse lists, for each profile and template next drops that a namespace still
// names (a podpatterns.io/profile label, a default annotation), the name and those
// namespaces: reportDropped puts them in its error line. The reload still applies
// (README Decisions: a dropped name is applied loudly, not refused).
func (s *Server) droppedInUse(profiles, templates []string) []string {
	idx, ok := s.opts.Namespaces.(NamespaceIndex)
	if !ok {
		return nil
	}
	return namedBy(profiles, templates, idx.AllNamespaces())
}

// maxNamespacesNamed bounds the namespaces the log line lists per name.
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
