package mutators

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// FuzzFreshStatus: the status of a first pass, written straight from the injections,
// is byte for byte what the merging path (mergeInjections, mergeHashes, appendStatus)
// writes, and what json.Marshal writes. Each pair of bytes is one injection: pattern,
// template (from small sets, so repeats and shared patterns are common; "" included);
// templates whose name starts with "n" have no hash.
func FuzzFreshStatus(f *testing.F) {
	f.Add("golden", []byte{0, 1, 0, 1, 2, 3, 1, 0}, true)
	f.Add("", []byte{5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0}, false)
	f.Add("<&>\u2028", []byte{7, 6, 7, 5, 7, 4, 0, 3}, true)
	f.Fuzz(func(t *testing.T, revision string, data []byte, hashed bool) {
		checkFreshStatus(t, revision, injectionsOf(data), hashed)
	})
}

// TestFreshStatusMatchesMerged runs the fuzz check on every injection list of up to two
// entries from the fuzz alphabets, and on 3000 pseudo-random lists of up to 12, with and
// without hashes.
func TestFreshStatusMatchesMerged(t *testing.T) {
	for n := 1; n <= 2; n++ {
		data := make([]byte, 2*n)
		for k := 0; k < 1<<(6*n); k++ {
			for i := range data {
				data[i] = byte(k >> (3 * i) & 7)
			}
			checkFreshStatus(t, "rev", injectionsOf(data), k%2 == 0)
		}
	}
	r := rand.New(rand.NewPCG(14, 50))
	for k := range 3000 {
		data := make([]byte, 2*(1+r.IntN(12)))
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		checkFreshStatus(t, "rev", injectionsOf(data), k%2 == 0)
	}
}

var (
	fuzzPatterns  = []Pattern{PatternSidecar, PatternAdapter, PatternAmbassador, PatternDownwardAPI, PatternPreStop, "", "z\"", PatternConfigTemplate}
	fuzzTemplates = []string{"a", "b", "no-hash", "", "log-shipper", "né", "a", "n"}
)

func injectionsOf(data []byte) []Injection {
	var out []Injection
	for i := 0; i+1 < len(data); i += 2 {
		out = append(out, Injection{Pattern: fuzzPatterns[int(data[i])%len(fuzzPatterns)], Template: fuzzTemplates[int(data[i+1])%len(fuzzTemplates)]})
	}
	return out
}

func checkFreshStatus(t *testing.T, revision string, injected []Injection, hashed bool) {
	t.Helper()
	if len(injected) == 0 {
		return
	}
	var hash templateHasher
	if hashed {
		hash = func(p Pattern, name string) (string, bool) {
			if len(name) > 0 && name[0] == 'n' {
				return "", false
			}
			return string(p) + "#" + name, true
		}
	}
	merged, _ := mergeInjections(nil, injected)
	s := Status{Revision: revision, Injected: merged, Hashes: mergeHashes(nil, injected, hash)}
	want := appendStatus(nil, s)
	if got := appendFreshStatus(nil, revision, injected, hash); !bytes.Equal(got, want) {
		t.Fatalf("injections %v:\n fresh  %s\n merged %s", injected, got, want)
	}
	if marshalled, err := json.Marshal(s); err != nil || !bytes.Equal(marshalled, want) {
		t.Fatalf("json.Marshal %s (%v), appendStatus %s", marshalled, err, want)
	}
}
