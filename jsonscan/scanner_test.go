package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

var validitySeeds = []string{`{}`, `[]`, `{"a":[1,-0.5e+3,true,false,null,"s\u00e9\n"]}`, ` 1 `, `"x"`, `01`, `1.`, `-`, `.5`,
	`{"a":1,}`, `[1,]`, `{"a" 1}`, `"\x01"`, `"\q"`, `"\u12"`, `tru`, `nul`, `{"a":1} {}`, "\"bad \xff utf8\"", `1e`, `1E+`,
	strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2),
	// skipValue's loop goes 64 deep, then skipDeep reads the value again by recursion
	strings.Repeat(`{"a":[`, 32) + `1` + strings.Repeat(`]}`, 32), strings.Repeat(`{"a":[`, 33) + `1` + strings.Repeat(`]}`, 33),
	strings.Repeat(`[`, 63) + `{}` + strings.Repeat(`]`, 63), strings.Repeat(`[`, 64) + `{}` + strings.Repeat(`]`, 64),
	strings.Repeat(`[`, 65) + `{}` + strings.Repeat(`]`, 65), strings.Repeat(`[`, 65) + `{}` + strings.Repeat(`]`, 64) + `}`,
	strings.Repeat(`{"a":[`, 40) + `1` + strings.Repeat(`]}`, 39) + `}}`, strings.Repeat(` [ `, 70) + ` 1 ` + strings.Repeat(` ] `, 70),
	` { "a" : [ 1 , { } , [ ] , "x\"y" , true ] , "b" : null } `, `{"a":1 "b":2}`, `{"a":[1 2]}`, `{"a",1}`, `{1:2}`,
	`[1,{"a":}]`, `["\u00e9\ud83d", "é", "\x"]`, `{"a":"` + strings.Repeat("0123456789abcdef", 4) + `"}`, `["abcdefgh\"]`,
	// control bytes: 0x1F is the last one a string may not hold raw; \r is whitespace
	// between tokens but a control byte inside a string
	"\"\x1f\"", "\"a\x1fb\"", "\"abcdefghijklmno\x1fpqrstuvwxyz0123\"", "\"abcdefghijklmno\rpqrstuvwxyz0123\"", "\"\x20\"", "\r{\r\"a\"\r:\r1\r}\r", "\"a\rb\"", "{\"a\":\"\r\"}", "[\"\u001f\"]"}

// FuzzSkipIsValid: Skip then End accepts exactly what json.Valid accepts, nesting
// limit included.
func FuzzSkipIsValid(f *testing.F) {
	for _, s := range validitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Scanner
		s.Reset(data)
		got := s.Skip() != nil && s.End()
		want := json.Valid(data)
		if got != want {
			t.Fatalf("Skip accepts %v, json.Valid %v: %q", got, want, data)
		}
	})
}

// FuzzStringUnquotes: String returns encoding/json's unquoting of any string token.
func FuzzStringUnquotes(f *testing.F) {
	for _, s := range []string{`"plain"`, `"esc\"aped\\"`, `"\u00e9\ud83d\ude00\ud800"`, "\"bad \xff\"", `"\/"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, token []byte) {
		var want string
		wantErr := json.Unmarshal(token, &want)
		var s Scanner
		s.Reset(token)
		got, _, ok := s.String()
		ok = ok && s.End()
		if ok != (wantErr == nil) || (ok && string(got) != want) {
			t.Fatalf("String(%q) = %q %v, encoding/json %q %v", token, got, ok, want, wantErr)
		}
	})
}
