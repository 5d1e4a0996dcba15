package jsonscan

import "strconv"

// Skip consumes one value, checking it is valid JSON, and returns its bytes.
func (s *Scanner) Skip() []byte {
	s.space()
	start := s.pos
	if !s.skipValue(0) {
		return nil
	}
	return s.data[start:s.pos]
}

func (s *Scanner) skipValue(depth int) bool {
	if depth > MaxDepth {
		return s.Fail()
	}
	switch c := s.peek(); {
	case !s.ok:
		return false
	case c == '{':
		return s.skipObject(depth)
	case c == '[':
		return s.Array(func() bool { return s.skipValue(depth + 1) })
	case c == '"':
		_, _, ok := s.str(false)
		return ok
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	_, ok := s.Number()
	return ok
}

// skipObject is Object without reading keys: nothing is unquoted.
func (s *Scanner) skipObject(depth int) bool {
	if empty, ok := s.open('{', '}'); empty || !ok {
		return ok
	}
	for {
		if _, _, ok := s.str(false); !ok || !s.expect(':') || !s.skipValue(depth+1) {
			return s.Fail()
		}
		if done, ok := s.next('}'); done || !ok {
			return ok
		}
	}
}

func (s *Scanner) literal(word string) bool {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.Fail()
	}
	s.pos += len(word)
	return true
}

// Bool consumes true or false.
func (s *Scanner) Bool() (bool, bool) {
	switch s.peek() {
	case 't':
		return true, s.literal("true")
	case 'f':
		return false, s.literal("false")
	}
	return false, s.Fail()
}

// Number consumes a number (JSON's grammar) and returns its bytes.
func (s *Scanner) Number() ([]byte, bool) {
	s.space()
	start, d := s.pos, s.data
	if s.pos < len(d) && d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		s.digits()
	default:
		return nil, s.Fail()
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if !s.digits() {
			return nil, s.Fail()
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if !s.digits() {
			return nil, s.Fail()
		}
	}
	return d[start:s.pos], s.ok
}

func (s *Scanner) digits() bool {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos > start
}

// Int32 consumes a number that encoding/json would store in an int32 (an integer in
// range); anything else fails.
func (s *Scanner) Int32() (int32, bool) {
	b, ok := s.Number()
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 32)
	if err != nil {
		return 0, s.Fail()
	}
	return int32(n), true
}
