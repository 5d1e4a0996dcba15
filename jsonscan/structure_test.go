package jsonscan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzObjectKeys: Object hands out an object's keys as encoding/json reads them (in
// order, unquoted), and accepts exactly the objects json.Valid accepts.
func FuzzObjectKeys(f *testing.F) {
	for _, s := range []string{`{"a":1,"b\u00e9":[1],"\"q":{},"\\":null}`, ` { "x" : 1 , "y":"z" } `, `{"a" 1}`,
		`{"a":1,}`, `{}`, `{ }`, `{"\ud800":0,"\ud83d\ude00":1}`, "{\"bad \xff\":1}", `{"a":1}{`, `{"a"`, `{"a":`,
		`{"\q":1}`, `{"a\u00":1}`, "{\"tab\there\":1}", `{"k":1,"k":2}`, `{1:2}`, `{"a":1 "b":2}`, `{"é":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Scanner
		s.Reset(data)
		var keys []string
		ok := s.Object(func(key []byte, _ bool) bool {
			keys = append(keys, string(key))
			return s.Skip() != nil
		}) && s.End()
		isObject := bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{"))
		if valid := json.Valid(data); ok != (valid && isObject) {
			t.Fatalf("Object accepts %v, json.Valid %v: %q", ok, valid, data)
		}
		if ok {
			if want := decoderKeys(t, data); !reflect.DeepEqual(keys, want) {
				t.Fatalf("keys %q, encoding/json's %q: %q", keys, want, data)
			}
		}
	})
}

// decoderKeys is the keys of a valid JSON object as encoding/json's Decoder reads them.
func decoderKeys(t *testing.T, data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}
