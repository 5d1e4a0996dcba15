package webhook

import (
	"bytes"
	"strings"
	"unsafe"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// The view's strings and quantities share the bytes they were read from when the
// scanner scans a body nobody writes while the request lasts (readReview's body
// buffer, which goes back to the pool as the request's last step): a name, an image, a
// label or a quantity is then a string over those bytes, not a copy per value. Nothing
// keeps one past the request (the decision log writes its line before the buffer goes
// back); whatever must outlive the request copies it (TestNothingKeepsTheBody). A
// scanner over any other bytes copies, as before.

// viewText returns text, read by s, as a string: its bytes themselves over shared data,
// else a copy (intern's).
func viewText(s *jsonscan.Scanner, text []byte) string {
	if s.Shared() {
		return unsafe.String(unsafe.SliceData(text), len(text))
	}
	return intern(text)
}

// viewKey is viewText for map keys (internKey's copy over unshared data).
func viewKey(s *jsonscan.Scanner, key []byte) string {
	if s.Shared() {
		return unsafe.String(unsafe.SliceData(key), len(key))
	}
	return internKey(key)
}

// scanText reads a string member of the view.
func scanText(s *jsonscan.Scanner, dst *string) bool {
	text, _, ok := s.String()
	if ok {
		*dst = viewText(s, text)
	}
	return ok
}

// viewQuantity reads a quantity's raw JSON value as Quantity.UnmarshalJSON does (null
// is zero; the bytes between the quotes, not unquoted, trimmed and parsed), without its
// copy of the text over shared data: ParseQuantity may keep the text it parsed.
func viewQuantity(s *jsonscan.Scanner, raw []byte) (resource.Quantity, bool) {
	var q resource.Quantity
	if !s.Shared() {
		return q, q.UnmarshalJSON(raw) == nil
	}
	if bytes.Equal(raw, []byte("null")) {
		return q, true
	}
	if l := len(raw); l >= 2 && raw[0] == '"' && raw[l-1] == '"' {
		raw = raw[1 : l-1]
	}
	q, err := resource.ParseQuantity(strings.TrimSpace(viewText(s, raw)))
	return q, err == nil
}
