package jsonscan

import "testing"

// TestTryRewinds: a failed read leaves the scanner where the value starts, not failed;
// a successful one returns exactly the value's bytes.
func TestTryRewinds(t *testing.T) {
	var s Scanner
	s.Reset([]byte(`[ {"a":1} , {"a":"x"} ]`))
	var values []string
	readInt := func() bool {
		return s.Object(func(_ []byte, _ bool) bool { _, ok := s.Int32(); return ok })
	}
	ok := s.Array(func() bool {
		if raw, ok := s.Try(readInt); ok {
			values = append(values, "int "+string(raw))
			return true
		}
		raw := s.Skip()
		values = append(values, "skipped "+string(raw))
		return raw != nil
	})
	if !ok || !s.End() || len(values) != 2 || values[0] != `int {"a":1}` || values[1] != `skipped {"a":"x"}` {
		t.Fatalf("ok %v, values %q", ok, values)
	}
	s.Reset([]byte(`x`))
	s.Fail()
	if _, ok := s.Try(func() bool { return true }); ok || s.OK() {
		t.Fatal("Try on a failed scanner must not succeed or clear the failure")
	}
}
