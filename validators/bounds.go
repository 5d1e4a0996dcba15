package validators

import (
	"fmt"
	"unicode/utf8"
)

// Bounds of the answer for one pod. A pod can break a rule once per container, and the
// apiserver accepts 20,000 containers: the answer lists the first violations, in their
// stable order, and counts the rest, so its size does not grow with the pod.
// `podpatterns validate -o json` (a PolicyReport) still lists every violation.
const (
	// MaxListedViolations is how many violations a denial message, and each audit
	// annotation, lists before "and N more".
	MaxListedViolations = 20
	// MaxWarnings is how many warnings a warn-mode answer has, the "and N more" one
	// included.
	MaxWarnings = 10
	// WarningRunes bounds the total length of a warn-mode answer's warnings, in runes:
	// half of the 4 Ki runes the apiserver passes on whole for one request, whose
	// warnings it otherwise cuts to 256 runes each and then drops
	// (k8s.io/apiserver/pkg/endpoints/filters/warning.go); the other half is the
	// mutating webhook's.
	WarningRunes = 2048
)

// moreThanListed is the "and N more" tail of a list cut at the bound.
func moreThanListed(n int) string {
	if n == 1 {
		return "and 1 more violation"
	}
	return fmt.Sprintf("and %d more violations", n)
}

// boundWarnings keeps the first warnings that fit MaxWarnings and WarningRunes (one slot
// and its runes reserved for the tail) and ends with `<prefix>and N more violations`.
func boundWarnings(warnings []string, prefix string) []string {
	total := 0
	for _, w := range warnings {
		total += utf8.RuneCountInString(w)
	}
	if len(warnings) <= MaxWarnings && total <= WarningRunes {
		return warnings
	}
	tailRunes := utf8.RuneCountInString(prefix + moreThanListed(len(warnings)))
	var out []string
	used := 0
	for _, w := range warnings {
		n := utf8.RuneCountInString(w)
		if len(out) == MaxWarnings-1 || used+n+tailRunes > WarningRunes {
			break
		}
		out = append(out, w)
		used += n
	}
	return append(out, prefix+moreThanListed(len(warnings)-len(out)))
}
