package validators

import (
	"fmt"
	"strings"
)

// The webhook and the `podpatterns validate` CLI print violations through these functions,
// so a user reads the same words in both.

// DenialMessage is the one readable message of an enforce-mode denial: the profile and
// every violation with its field path, rule and detail.
func DenialMessage(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "podpatterns profile %q denied the pod (%d violation", r.Profile, len(r.Violations))
	if len(r.Violations) != 1 {
		b.WriteByte('s')
	}
	b.WriteString("): ")
	for i, v := range r.Violations {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "[%s] %s", v.Rule, v.Error.Error())
	}
	return b.String()
}

// Warnings returns one warning per violation, for warn mode (kubectl prints each on its line).
func Warnings(r Result) []string {
	out := make([]string, 0, len(r.Violations))
	for _, v := range r.Violations {
		out = append(out, fmt.Sprintf("podpatterns profile %q [%s]: %s", r.Profile, v.Rule, v.Error.Error()))
	}
	return out
}

// AuditAnnotations returns one audit annotation per violated rule, the details of all its
// violations joined, for audit mode. The key is the bare rule name: the API server
// prefixes it with the webhook's name, so the audit log shows
// validate.podpatterns.io/<rule> (a key with its own prefix would be invalid there).
func AuditAnnotations(r Result) map[string]string {
	out := make(map[string]string, len(r.Violations))
	for _, v := range r.Violations {
		key := string(v.Rule)
		if prev, ok := out[key]; ok {
			out[key] = prev + "; " + v.Error.Error()
			continue
		}
		out[key] = v.Error.Error()
	}
	return out
}
