package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDepthAsEncodingJSON: encoding/json's nesting limit counts the whole text. A value
// skipped inside an Object (as the review's scan skips request.object's unread members)
// is refused exactly where json.Valid refuses the whole text: at MaxDepth containers,
// empty or not, and through skipValue's loop, skipDeep's recursion and Object alike.
func TestDepthAsEncodingJSON(t *testing.T) {
	nested := func(n int, inner string) string {
		return strings.Repeat("[", n) + inner + strings.Repeat("]", n)
	}
	for _, n := range []int{MaxDepth - 3, MaxDepth - 2, MaxDepth - 1, MaxDepth, MaxDepth + 1} {
		for _, inner := range []string{"1", "[]", "{}", `{"b":2}`} {
			member := nested(n, inner)
			for _, text := range []string{member, `{"a":` + member + `}`, `{"x":{"a":` + member + `}}`} {
				want := json.Valid([]byte(text))
				var s Scanner
				s.Reset([]byte(text))
				if got := skipThroughObjects(&s) && s.End(); got != want {
					t.Errorf("%d deep around %s, in %d objects: scan accepts %v, json.Valid %v", n, inner, strings.Count(text, `":`), got, want)
				}
			}
		}
	}
}

// skipThroughObjects reads objects member by member (Object) and skips anything else.
func skipThroughObjects(s *Scanner) bool {
	if s.peek() != '{' {
		return s.Skip() != nil
	}
	return s.Object(func([]byte, bool) bool { return skipThroughObjects(s) })
}
