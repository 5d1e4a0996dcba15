package mutators

import (
	"encoding/json"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// Status is the value of the podpatterns.io/status annotation: what has been injected into
// the pod, by pattern, and the config revision of the last pass that injected something.
// It is informational and for idempotency bookkeeping; mutators never trust it alone.
type Status struct {
	Revision string               `json:"revision"`
	Injected map[Pattern][]string `json:"injected"`
}

// ParseStatus decodes a status annotation. A value that does not decode (written by
// someone else) is treated as no status at all.
func ParseStatus(value string) (Status, bool) {
	var s Status
	if value == "" || json.Unmarshal([]byte(value), &s) != nil {
		return Status{}, false
	}
	return s, true
}

// writeStatus merges this pass's injections into the pod's status annotation. When the
// pass injected nothing new, the annotation is left exactly as it was, so a second pass
// yields no patch.
func writeStatus(pod *corev1.Pod, revision string, injected []Injection) {
	prior, _ := ParseStatus(pod.Annotations[AnnotationStatus])
	merged, changed := mergeInjections(prior.Injected, injected)
	if !changed {
		return
	}
	value := appendStatus(make([]byte, 0, 256), Status{Revision: revision, Injected: merged})
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[AnnotationStatus] = string(value)
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
	return append(dst, "}}"...)
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
