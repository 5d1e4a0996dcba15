package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
)

// labels returns the namespace labels the offline commands judge with: the command's
// defaults with --namespace-labels merged over them (a flag adds labels, it never drops
// the defaults silently; an empty value, `podpatterns.io/inject=`, removes a label). A
// default the flags replace or remove is said on stderr.
func (o *offlineFlags) labels(stderr io.Writer) map[string]string {
	out := maps.Clone(o.defaultLabels)
	if out == nil {
		out = map[string]string{}
	}
	for _, k := range slices.Sorted(maps.Keys(o.namespaceLabels)) {
		v := o.namespaceLabels[k]
		old, had := out[k]
		switch {
		case v == "":
			if had {
				fmt.Fprintf(stderr, "Note: namespace label %s=%s is removed by --namespace-labels\n", k, old)
			}
			delete(out, k)
			continue
		case had && old != v:
			fmt.Fprintf(stderr, "Note: namespace label %s=%s is replaced by %s=%s from --namespace-labels\n", k, old, k, v)
		}
		out[k] = v
	}
	return out
}

// notOptedInNote is printed for every document whose namespace does not opt into
// injection: only the profile's defaults (the priority class) can apply to it.
const notOptedInNote = "Note: %s: not mutated: the namespace is not opted in (its labels lack %s=%s); only a profile's default priority class applies\n"

// noteNotOptedIn says on stderr that doc gets no pattern because of its namespace.
func noteNotOptedIn(stderr io.Writer, doc string, ns mutators.Namespace) {
	if ns.Labels[mutators.LabelInject] != mutators.InjectEnabled {
		fmt.Fprintf(stderr, notOptedInNote, doc, mutators.LabelInject, mutators.InjectEnabled)
	}
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
