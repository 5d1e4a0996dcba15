package jsonscan

import (
	"encoding/json"
)

// Object consumes an object, calling member for each key with the scanner before the
// member's value; member must consume the value (or return false). escaped says the key
// had escapes or non-ASCII bytes and key is encoding/json's unquoted form of it.
func (s *Scanner) Object(member func(key []byte, escaped bool) bool) bool {
	if empty, ok := s.open('{', '}'); empty || !ok {
		return ok
	}
	for {
		key, escaped, ok := s.key()
		if !ok || !member(key, escaped) || !s.ok {
			return s.Fail()
		}
		if done, ok := s.next('}'); done || !ok {
			return ok
		}
	}
}

// key reads a member's key (String's reading of it) and the colon after it, with the
// position in a local.
func (s *Scanner) key() (key []byte, escaped, ok bool) {
	d := s.data
	i := spaceEnd(d, s.pos)
	if i >= len(d) || d[i] != '"' {
		return nil, false, s.failAt(i)
	}
	end, escaped, ok := stringEnd(d, i+1)
	if !ok {
		return nil, false, s.failAt(end)
	}
	if key = d[i+1 : end-1]; escaped {
		if key, _, ok = s.unquote(d[i:end]); !ok {
			return nil, false, false
		}
	}
	if end = spaceEnd(d, end); end >= len(d) || d[end] != ':' {
		return nil, false, s.failAt(end)
	}
	s.pos = end + 1
	return key, escaped, true
}

// Array consumes an array, calling item before each element; item must consume it.
func (s *Scanner) Array(item func() bool) bool {
	if empty, ok := s.open('[', ']'); empty || !ok {
		return ok
	}
	for {
		if !item() || !s.ok {
			return s.Fail()
		}
		if done, ok := s.next(']'); done || !ok {
			return ok
		}
	}
}

// open consumes a container's opening byte; empty when the closing byte follows at
// once (consumed too). A container past MaxDepth, empty or not, fails the scan, as
// encoding/json refuses it.
func (s *Scanner) open(opening, closing byte) (empty, ok bool) {
	if !s.expect(opening) {
		return false, false
	}
	if s.depth >= MaxDepth {
		return false, s.Fail()
	}
	if s.peek() == closing {
		s.pos++
		return true, true
	}
	s.depth++
	return false, true
}

// next consumes what follows a member or element: a comma (more to come) or the
// closing byte (done); anything else fails the scan.
func (s *Scanner) next(closing byte) (done, ok bool) {
	switch s.peek() {
	case ',':
		s.pos++
		return false, true
	case closing:
		s.pos++
		s.depth--
		return true, true
	}
	return false, s.Fail()
}

// String consumes a string. Plain strings (printable ASCII, no escapes) come back as
// the bytes between the quotes; others as encoding/json unquotes them (escapes decoded,
// invalid UTF-8 replaced), with escaped set.
func (s *Scanner) String() (text []byte, escaped, ok bool) { return s.str(true) }

// str reads a string token; unquote false leaves an escaped one as it is (skipping).
func (s *Scanner) str(unquote bool) (text []byte, escaped, ok bool) {
	if !s.expect('"') {
		return nil, false, false
	}
	start := s.pos
	if s.pos, escaped, ok = stringEnd(s.data, start); !ok {
		return nil, false, s.Fail()
	}
	if !escaped || !unquote {
		return s.data[start : s.pos-1], escaped, true
	}
	return s.unquote(s.data[start-1 : s.pos])
}

// unquote is encoding/json's reading of a string token that has escapes or non-ASCII.
func (s *Scanner) unquote(token []byte) ([]byte, bool, bool) {
	var out string
	if json.Unmarshal(token, &out) != nil {
		return nil, false, s.Fail()
	}
	return []byte(out), true, true
}
