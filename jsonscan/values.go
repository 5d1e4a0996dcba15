package jsonscan

import "strconv"

func (s *Scanner) literal(word string) bool {
	end, ok := literalEnd(s.data, s.pos, word)
	if s.pos = end; !ok {
		return s.Fail()
	}
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
	start := s.pos
	end, ok := numberEnd(s.data, start)
	if s.pos = end; !ok {
		return nil, s.Fail()
	}
	return s.data[start:end], s.ok
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
