package jsonscan

// MaxDepth is encoding/json's nesting limit: deeper input is refused (the caller falls
// back, and encoding/json reports the error).
const MaxDepth = 10000

// Scanner reads one JSON text. Every method returns false on input that is not valid
// JSON (or that the caller must leave to encoding/json); the scanner then stays failed.
type Scanner struct {
	data []byte
	pos  int
	ok   bool
	// shared: the caller promised that data is never written again (ResetShared).
	shared bool
	// depth is how many containers are open around the position (Object, Array, Skip's
	// recursion): encoding/json's limit counts the whole text, not one value.
	depth int
}

// New returns a scanner over data.
func New(data []byte) *Scanner { return &Scanner{data: data, ok: true} }

// Reset makes s scan data (a scanner can live on the caller's stack).
func (s *Scanner) Reset(data []byte) { *s = Scanner{data: data, ok: true} }

// ResetShared makes s scan data that is never written, by anyone, while anything read
// from it lives: what the scanner returns may then be kept as it is, without a copy
// (Shared). A pooled buffer is such data only if it goes back to the pool after the
// last of that is gone.
func (s *Scanner) ResetShared(data []byte) { s.Reset(data); s.shared = true }

// Shared reports whether the data was given by ResetShared: the bytes String, Skip and
// Number return (slices of the data, or of fresh copies for unquoted strings) may be kept
// without copying them.
func (s *Scanner) Shared() bool { return s.shared }

// OK reports whether nothing failed so far.
func (s *Scanner) OK() bool { return s.ok }

// Fail marks the scan failed (a caller's own reason to fall back) and returns false.
func (s *Scanner) Fail() bool { s.ok = false; return false }

// End reports whether only whitespace is left (encoding/json refuses trailing data).
func (s *Scanner) End() bool {
	s.space()
	if s.ok && s.pos != len(s.data) {
		s.ok = false
	}
	return s.ok
}

// space steps over whitespace; most documents (the API server's) have none, so the
// first byte is checked before anything else.
func (s *Scanner) space() {
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return
	}
	s.pos = spaceEnd(s.data, s.pos)
}

// peek returns the next non-space byte (0 at the end).
func (s *Scanner) peek() byte {
	s.space()
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// expect consumes c or fails.
func (s *Scanner) expect(c byte) bool {
	if !s.ok || s.peek() != c {
		return s.Fail()
	}
	s.pos++
	return true
}

// IsNull reports whether the next value is null (not consumed).
func (s *Scanner) IsNull() bool { return s.ok && s.peek() == 'n' }
