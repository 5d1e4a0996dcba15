package jsonenc

import (
	"bytes"
	"encoding/json"
	"testing"
)

var stringSeeds = []string{"", "plain", `quote " backslash \ slash /`, "<html> & 'x'", "\b\f\n\r\t\x00\x1f\x7f",
	"ünïcødé ☃ 😀", "\u2028\u2029", "bad \xff utf8 \xc3", "podpatterns.io/status", `{"revision":"abc","injected":{"sidecar":["x"]}}`}

// FuzzAppendString: AppendString writes what json.Marshal writes, for every string.
func FuzzAppendString(f *testing.F) {
	for _, s := range stringSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendString(%q) = %s, json.Marshal = %s", s, got, want)
		}
	})
}
