package jsonscan

import "bytes"

// FoldsTo reports whether key matches one of names only the way encoding/json also
// accepts (case-insensitively, Unicode simple folding): a member the caller must not
// skip, since encoding/json would decode it into that field. names are ASCII (Go field
// names): an ASCII key of another length then cannot match, and is not compared.
func FoldsTo(key []byte, names ...string) bool {
	ascii := isASCII(key)
	for _, n := range names {
		if (!ascii || len(key) == len(n)) && bytes.EqualFold(key, []byte(n)) {
			return true
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
