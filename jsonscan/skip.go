package jsonscan

// Skip consumes one value, checking it is valid JSON, and returns its bytes.
func (s *Scanner) Skip() []byte {
	s.space()
	start := s.pos
	if !s.skipValue() {
		return nil
	}
	return s.data[start:s.pos]
}

// flatDepth is how deep skipValue's loop nests (one bit per open container); a value
// nested deeper is skipped again from its start by skipDeep.
const flatDepth = 64

// skipValue consumes one value in a loop over the data with the position in a local:
// the open containers are bits (1 an object, 0 an array), every byte is looked at once.
// The loop opens containers only while the scanner's depth and its own stay within
// MaxDepth; at the limit skipDeep reads the value again and refuses where encoding/json does.
func (s *Scanner) skipValue() bool {
	if !s.ok {
		return false
	}
	d, i := s.data, spaceEnd(s.data, s.pos)
	start := i
	var objects uint64
	open := 0
	ok := true
	for {
		if i >= len(d) {
			return s.failAt(i)
		}
		switch c := d[i]; c {
		case '{', '[':
			if open == flatDepth || s.depth+open >= MaxDepth {
				s.pos = start
				return s.skipDeep()
			}
			closing := byte(']')
			if c == '{' {
				closing = '}'
			}
			if i = spaceEnd(d, i+1); i < len(d) && d[i] == closing {
				i++
				break // an empty container is a whole value
			}
			objects, open = objects<<1, open+1
			if c == '{' {
				objects |= 1
				if i, ok = keyEnd(d, i); !ok {
					return s.failAt(i)
				}
			}
			i = spaceEnd(d, i)
			continue // the container's first value
		case '"':
			i, _, ok = stringEnd(d, i+1)
		case 't':
			i, ok = literalEnd(d, i, "true")
		case 'f':
			i, ok = literalEnd(d, i, "false")
		case 'n':
			i, ok = literalEnd(d, i, "null")
		default:
			i, ok = numberEnd(d, i)
		}
		if !ok {
			return s.failAt(i)
		}
		// A value ended at i: close what it ends, then the next value, or done.
		for {
			if open == 0 {
				s.pos = i
				return true
			}
			i = spaceEnd(d, i)
			if i < len(d) && d[i] == ',' {
				if objects&1 == 0 {
					i = spaceEnd(d, i+1)
				} else if i, ok = keyEnd(d, i+1); ok {
					i = spaceEnd(d, i)
				} else {
					return s.failAt(i)
				}
				break
			}
			closing := byte(']')
			if objects&1 != 0 {
				closing = '}'
			}
			if i >= len(d) || d[i] != closing {
				return s.failAt(i)
			}
			i, objects, open = i+1, objects>>1, open-1
		}
	}
}

// keyEnd reads an object's key and its colon from i (whitespace allowed around them).
func keyEnd(d []byte, i int) (int, bool) {
	if i = spaceEnd(d, i); i >= len(d) || d[i] != '"' {
		return i, false
	}
	i, _, ok := stringEnd(d, i+1)
	if !ok {
		return i, false
	}
	if i = spaceEnd(d, i); i >= len(d) || d[i] != ':' {
		return i, false
	}
	return i + 1, true
}

func (s *Scanner) failAt(i int) bool {
	s.pos = i
	return s.Fail()
}

// skipDeep consumes a value nested deeper than skipValue's loop goes, by recursion,
// refusing what nests deeper than MaxDepth as encoding/json does (open).
func (s *Scanner) skipDeep() bool {
	switch s.peek() {
	case '{':
		return s.skipObject()
	case '[':
		return s.Array(s.skipDeep)
	}
	return s.skipValue() // a scalar: the loop reads it without nesting
}

// skipObject is Object without reading keys: nothing is unquoted.
func (s *Scanner) skipObject() bool {
	if empty, ok := s.open('{', '}'); empty || !ok {
		return ok
	}
	for {
		if _, _, ok := s.str(false); !ok || !s.expect(':') || !s.skipDeep() {
			return s.Fail()
		}
		if done, ok := s.next('}'); done || !ok {
			return ok
		}
	}
}
