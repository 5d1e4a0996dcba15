package jsonscan

import "bytes"

// FoldsTo reports whether key matches one of names only the way encoding/json also
// accepts (case-insensitively, Unicode simple folding): a member the caller must not
// skip, since encoding/json would decode it into that field.
func FoldsTo(key []byte, names ...string) bool {
	for _, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}
