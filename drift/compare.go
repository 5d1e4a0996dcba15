package drift

import (
	"slices"
	"strings"

	"github.com/podpatterns/podpatterns/mutators"
)

// Why says how an injected template differs from the current config. Values are
// bounded and printed verbatim.
type Why string

// The differences.
const (
	// WhyChanged: the config entry's hash differs from the one the pod was injected with.
	WhyChanged Why = "changed"
	// WhyRemoved: the config no longer defines the template.
	WhyRemoved Why = "removed"
	// WhyUnknown: the pod's status predates per-template hashes and its revision is not
	// the current one: the template may or may not have changed.
	WhyUnknown Why = "revision-differs"
)

// Change is one injected template of a pod that differs from the config.
type Change struct {
	Pattern  mutators.Pattern
	Template string
	Why      Why
}

// String is "<pattern>/<template> (<why>)".
func (c Change) String() string {
	return string(c.Pattern) + "/" + c.Template + " (" + string(c.Why) + ")"
}

// Hasher is the current config's template hash (mutators.Config.TemplateHash).
type Hasher func(p mutators.Pattern, name string) (string, bool)

// Changes lists the injected templates of a pod's status that differ from the current
// config (hash, revision), sorted; nil when none do. Templates without a hash in a
// status that has hashes (patterns without a template, such as the priority-class
// default) are never changes.
func Changes(s mutators.Status, revision string, hash Hasher) []Change {
	var out []Change
	for p, names := range s.Injected {
		for _, name := range names {
			if why, drifted := compare(s, p, name, revision, hash); drifted {
				out = append(out, Change{Pattern: p, Template: name, Why: why})
			}
		}
	}
	slices.SortFunc(out, func(a, b Change) int { return strings.Compare(a.String(), b.String()) })
	return out
}

func compare(s mutators.Status, p mutators.Pattern, name, revision string, hash Hasher) (Why, bool) {
	current, defined := hash(p, name)
	if s.Hashes == nil { // written before per-template hashes
		if s.Revision == revision {
			return "", false
		}
		if p == mutators.PatternPriorityClass { // a class name, not a template
			return "", false
		}
		return WhyUnknown, true
	}
	was, recorded := s.Hashes[p][name]
	switch {
	case !recorded:
		return "", false
	case !defined:
		return WhyRemoved, true
	case was != current:
		return WhyChanged, true
	}
	return "", false
}
