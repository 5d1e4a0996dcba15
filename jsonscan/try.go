package jsonscan

// Try reads the next value with read. When read succeeds, Try returns the value's bytes.
// When it fails, the scanner goes back to where the value starts and forgets the
// failure, so the caller can read the value another way (Skip it, keep it for
// encoding/json): a value read into a caller's view in the same pass as the document
// around it, without the failure of the view failing the document.
func (s *Scanner) Try(read func() bool) (raw []byte, ok bool) {
	if !s.ok {
		return nil, false
	}
	s.space()
	start := s.pos
	if read() && s.ok {
		return s.data[start:s.pos], true
	}
	s.pos, s.ok = start, true
	return nil, false
}
