package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
)

// mergeLabels merges flags (--namespace-labels) over dst: a flag adds or replaces a
// label, an empty value removes it (podpatterns.io/inject= for a namespace that is not
// opted in), so the command's defaults are never dropped silently.
func mergeLabels(dst, flags map[string]string) {
	for k, v := range flags {
		if v == "" {
			delete(dst, k)
			continue
		}
		dst[k] = v
	}
}

// noteLabelChanges says on stderr which of the command's default labels
// --namespace-labels replaces or removes.
func (o *offlineFlags) noteLabelChanges(stderr io.Writer) {
	for _, k := range slices.Sorted(maps.Keys(o.namespaceLabels)) {
		old, had := o.defaultLabels[k]
		switch v := o.namespaceLabels[k]; {
		case !had || old == v:
		case v == "":
			fmt.Fprintf(stderr, "Note: namespace label %s=%s is removed by --namespace-labels\n", k, old)
		default:
			fmt.Fprintf(stderr, "Note: namespace label %s=%s is replaced by %s=%s from --namespace-labels\n", k, old, k, v)
		}
	}
}

// notOptedInNote is printed for every document whose namespace does not opt into
// injection and that the profile's defaults left as it was.
const notOptedInNote = "Note: %s: not mutated: the namespace is not opted in (its labels lack %s=%s); only a profile's defaults (priority class, readiness probes) apply\n"

// defaultsOnlyNote is printed instead when the profile's defaults changed the document.
const defaultsOnlyNote = "Note: %s: no pattern injected: the namespace is not opted in (its labels lack %s=%s); the profile's defaults (priority class, readiness probes) were applied\n"

// noteNotOptedIn says on stderr that doc gets no pattern because of its namespace, and
// whether the profile's defaults changed it anyway (mutated).
func noteNotOptedIn(stderr io.Writer, doc string, ns mutators.Namespace, mutated bool) {
	if ns.Labels[mutators.LabelInject] == mutators.InjectEnabled {
		return
	}
	note := notOptedInNote
	if mutated {
		note = defaultsOnlyNote
	}
	fmt.Fprintf(stderr, note, doc, mutators.LabelInject, mutators.InjectEnabled)
}

// formatLabels renders labels as k=v,k=v (sorted), or "(none)".
func formatLabels(labels map[string]string) string {
	if len(labels) == 0 {
		return "(none)"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		parts = append(parts, k+"="+labels[k])
	}
	return strings.Join(parts, ",")
}
