package mutators

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// Status is the value of the podpatterns.io/status annotation: what has been injected into
// the pod, by pattern, and the config revision of the last pass that injected something.
// It is informational and for idempotency bookkeeping; mutators never trust it alone.
type Status struct {
	Revision string               `json:"revision"`
	Injected map[Pattern][]string `json:"injected"`
	// Hashes are, by pattern and template, Config.TemplateHash of each injected template
	// when it was injected (absent in annotations written before they existed, and for
	// patterns without a template). `podpatterns drift` compares them with the config.
	Hashes map[Pattern]map[string]string `json:"hashes,omitempty"`
	// Plan is the pod's termination plan, when podpatterns shaped its termination (the
	// preStop pattern; absent otherwise, and in annotations written before it existed).
	Plan *TerminationPlan `json:"plan,omitempty"`
}

// ParseStatus decodes a status annotation. A value that does not decode (written by
// someone else) is treated as no status at all.
func ParseStatus(value string) (Status, bool) {
	if value == "" { // before s: it escapes to Unmarshal, so declaring it allocates
		return Status{}, false
	}
	var s Status
	if json.Unmarshal([]byte(value), &s) != nil {
		return Status{}, false
	}
	return s, true
}

// writeStatus merges this pass's injections into the pod's status annotation. When the
// pass injected nothing new, the annotation is left exactly as it was, so a second pass
// yields no patch.
func writeStatus(req *Request, revision string, injected []Injection, hash templateHasher) {
	prior, ok := ParseStatus(req.Pod.Annotations[AnnotationStatus])
	plan := req.Report.Plan
	if !ok { // the usual first pass: nothing to merge with
		if len(injected) > 0 {
			fresh := appendFreshStatus(make([]byte, 0, statusCap(plan)), revision, injected, hash)
			req.setAnnotation(AnnotationStatus, string(withPlan(fresh, plan)))
		}
		return
	}
	merged, changed := mergeInjections(prior.Injected, injected)
	if plan == nil {
		plan = prior.Plan
	}
	if !changed && samePlan(plan, prior.Plan) {
		return
	}
	req.setAnnotation(AnnotationStatus, string(appendStatus(make([]byte, 0, statusCap(plan)), Status{Revision: revision, Injected: merged, Hashes: mergeHashes(prior.Hashes, injected, hash), Plan: plan})))
}

// statusCap is the buffer a status starts with: room for the injections and hashes of
// a pod with every pattern, and for its termination plan's stops.
func statusCap(plan *TerminationPlan) int {
	if plan == nil {
		return 256
	}
	return 448 + 80*len(plan.Stops)
}

// mergeInjections adds injections to prior (copied, sorted and de-duplicated) and reports
// whether anything was added.
func mergeInjections(prior map[Pattern][]string, injected []Injection) (map[Pattern][]string, bool) {
	merged := make(map[Pattern][]string, len(prior)+len(injected))
	for p, names := range prior {
		merged[p] = slices.Clone(names)
	}
	changed := false
	for _, in := range injected {
		if slices.Contains(merged[in.Pattern], in.Template) {
			continue
		}
		merged[in.Pattern] = append(merged[in.Pattern], in.Template)
		changed = true
	}
	for p := range merged {
		slices.Sort(merged[p])
	}
	return merged, changed
}

// templateHasher is Config.TemplateHash of the chain's config (nil: no hashes).
type templateHasher func(p Pattern, name string) (string, bool)

// mergeHashes adds the hashes of this pass's injections to prior's (a template injected
// by an earlier pass keeps the hash it was injected with). Nil when there are none.
func mergeHashes(prior map[Pattern]map[string]string, injected []Injection, hash templateHasher) map[Pattern]map[string]string {
	var merged map[Pattern]map[string]string
	set := func(p Pattern, name, h string) {
		if merged == nil {
			merged = map[Pattern]map[string]string{}
		}
		if merged[p] == nil {
			merged[p] = map[string]string{}
		}
		merged[p][name] = h
	}
	for p, byName := range prior {
		for name, h := range byName {
			set(p, name, h)
		}
	}
	for _, in := range injected {
		if _, had := merged[in.Pattern][in.Template]; had || hash == nil {
			continue
		}
		if h, ok := hash(in.Pattern, in.Template); ok {
			set(in.Pattern, in.Template, h)
		}
	}
	return merged
}

// appendStatus writes s as json.Marshal does (FuzzAppendStatus), without reflection:
// patterns sorted, names in their order.
func appendStatus(dst []byte, s Status) []byte {
	dst = jsonenc.AppendString(append(dst, `{"revision":`...), s.Revision)
	dst = append(dst, `,"injected":`...)
	if s.Injected == nil {
		return append(dst, "null}"...)
	}
	var stack [8]Pattern
	patterns := stack[:0]
	for p := range s.Injected {
		patterns = append(patterns, p)
	}
	slices.Sort(patterns)
	dst = append(dst, '{')
	for i, p := range patterns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(jsonenc.AppendString(dst, string(p)), ':')
		dst = appendNames(dst, s.Injected[p])
	}
	dst = append(dst, '}')
	if len(s.Hashes) > 0 { // omitempty
		dst = appendHashes(append(dst, `,"hashes":`...), s.Hashes)
	}
	return withPlan(append(dst, '}'), s.Plan)
}

// appendHashes writes the hashes map as json.Marshal does: keys sorted at both levels.
func appendHashes(dst []byte, hashes map[Pattern]map[string]string) []byte {
	patterns := slices.Sorted(maps.Keys(hashes))
	dst = append(dst, '{')
	for i, p := range patterns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(jsonenc.AppendString(dst, string(p)), ':')
		byName := hashes[p]
		if byName == nil {
			dst = append(dst, "null"...)
			continue
		}
		dst = append(dst, '{')
		for j, name := range slices.Sorted(maps.Keys(byName)) {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = append(jsonenc.AppendString(dst, name), ':')
			dst = jsonenc.AppendString(dst, byName[name])
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendNames(dst []byte, names []string) []byte {
	if names == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, n := range names {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonenc.AppendString(dst, n)
	}
	return append(dst, ']')
}
