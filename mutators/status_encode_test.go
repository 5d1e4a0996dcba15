package mutators

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzAppendStatus: the status annotation is written as json.Marshal writes it.
func FuzzAppendStatus(f *testing.F) {
	f.Add("rev", "sidecar=a,b;adapter=x", true)
	f.Add("<&>\u2028", "z=;a=\xff", false)
	f.Add("", "", true)
	f.Fuzz(func(t *testing.T, revision, injected string, withMap bool) {
		s := Status{Revision: revision}
		if withMap {
			s.Injected = map[Pattern][]string{}
			for entry := range strings.SplitSeq(injected, ";") {
				p, names, _ := strings.Cut(entry, "=")
				if names == "" {
					s.Injected[Pattern(p)] = nil
					continue
				}
				s.Injected[Pattern(p)] = strings.Split(names, ",")
			}
		}
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendStatus(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendStatus %s, json.Marshal %s", got, want)
		}
	})
}
