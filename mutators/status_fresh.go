package mutators

import (
	"cmp"
	"slices"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// appendFreshStatus writes the status of a pod that had none (or none that decodes):
// what appendStatus writes for mergeInjections and mergeHashes of this pass's
// injections alone (TestFreshStatusMatchesMerged, FuzzFreshStatus), straight from the
// injections sorted by pattern then template, without the maps: the status was a fifth
// of the allocations of the all-patterns chain. injected must not be empty.
func appendFreshStatus(dst []byte, revision string, injected []Injection, hash templateHasher) []byte {
	var stack [16]Injection
	in := append(stack[:0], injected...)
	slices.SortFunc(in, compareInjections)
	in = slices.Compact(in)
	dst = jsonenc.AppendString(append(dst, `{"revision":`...), revision)
	dst = append(dst, `,"injected":{`...)
	for i, x := range in {
		if i > 0 && x.Pattern == in[i-1].Pattern {
			dst = jsonenc.AppendString(append(dst, ','), x.Template)
			continue
		}
		if i > 0 {
			dst = append(dst, "],"...)
		}
		dst = append(jsonenc.AppendString(dst, string(x.Pattern)), ":["...)
		dst = jsonenc.AppendString(dst, x.Template)
	}
	dst = append(dst, "]}"...)
	return append(appendFreshHashes(dst, in, hash), '}')
}

// appendFreshHashes writes `,"hashes":{...}` for the sorted injections in that have a
// hash, nothing when none has (omitempty).
func appendFreshHashes(dst []byte, in []Injection, hash templateHasher) []byte {
	if hash == nil {
		return dst
	}
	var open Pattern
	opened := false
	for _, x := range in {
		h, ok := hash(x.Pattern, x.Template)
		switch {
		case !ok:
			continue
		case !opened:
			dst = append(dst, `,"hashes":{`...)
		case x.Pattern == open:
			dst = append(dst, ',')
		default:
			dst = append(dst, "},"...)
		}
		if !opened || x.Pattern != open {
			dst = append(jsonenc.AppendString(dst, string(x.Pattern)), ":{"...)
			open, opened = x.Pattern, true
		}
		dst = append(jsonenc.AppendString(dst, x.Template), ':')
		dst = jsonenc.AppendString(dst, h)
	}
	if opened {
		dst = append(dst, "}}"...)
	}
	return dst
}

func compareInjections(a, b Injection) int {
	return cmp.Or(cmp.Compare(a.Pattern, b.Pattern), cmp.Compare(a.Template, b.Template))
}
