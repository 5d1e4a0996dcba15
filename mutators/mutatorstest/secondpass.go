package mutatorstest

import (
	"fmt"
	"slices"

	"github.com/podpatterns/podpatterns/mutators"
)

// SecondPass checks the report of a pass over a pod the chain already mutated (what a
// reinvocation does) against the first pass's: it injects nothing, denies what the first
// denied, and skips and warns exactly as the first did — a new skip or warning would
// reach users on every reinvocation and make the skip metrics climb. Repeating the
// first pass's skips is expected: the pod still asks for what was refused.
func SecondPass(first, second mutators.Report) error {
	switch {
	case len(second.Injected) > 0:
		return fmt.Errorf("second pass injected again: %v", second.Injected)
	case len(second.Denials) != len(first.Denials):
		return fmt.Errorf("second pass has %d denials, first had %d: %v", len(second.Denials), len(first.Denials), second.Denials)
	}
	for _, s := range second.Skipped {
		if !slices.Contains(first.Skipped, s) {
			return fmt.Errorf("second pass skips %v, not in the first pass's %v", s, first.Skipped)
		}
	}
	for _, w := range second.Warnings {
		if !slices.Contains(first.Warnings, w) {
			return fmt.Errorf("second pass warns %q, not in the first pass's %q", w, first.Warnings)
		}
	}
	return nil
}
