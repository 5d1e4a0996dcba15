package webhook

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// segmentio's decoder makes every map[string]string it fills with room for 64 entries
// (a table of ~4.8 KB: the pod's labels and annotations were a ninth of the all-six
// request's bytes, and every clone and walk of them crossed the whole table). So
// before decoding, presizeMetaMaps gives the pod maps of the size the request's own
// labels and annotations need, which the decoder then fills. A map is given only where
// the first metadata object's first member of that name is an object: there
// encoding/json would make a new map and fill it, so filling an empty one instead reads
// the same pod (TestPodDecodeCorpus, FuzzPodDecode); anything else (absent, null, a key
// matched only by case or with escapes) is left to the decoder as before.
func presizeMetaMaps(raw []byte, pod *corev1.Pod) {
	labels, annotations := metaMapSizes(raw)
	if labels >= 0 {
		pod.Labels = make(map[string]string, labels)
	}
	if annotations >= 0 {
		pod.Annotations = make(map[string]string, annotations)
	}
}

// metaMapSizes returns the member counts of the first metadata object's labels and
// annotations, -1 for one absent, not an object, or not certain (a key that matches
// one of the three names only by case or through escapes: both -1). It stops once
// both are read, usually before managedFields.
func metaMapSizes(raw []byte) (labels, annotations int) {
	labels, annotations = -1, -1
	s := jsonscan.New(raw)
	bail := func() bool { labels, annotations = -1, -1; return false }
	s.Object(func(key []byte, escaped bool) bool {
		switch {
		case !jsonscan.FoldsTo(key, "metadata"):
			return s.Skip() != nil
		case escaped || string(key) != "metadata":
			return bail()
		}
		seenL, seenA := false, false
		s.Object(func(key []byte, escaped bool) bool {
			var n *int
			switch {
			case !jsonscan.FoldsTo(key, "labels", "annotations"):
				return s.Skip() != nil
			case escaped:
				return bail()
			case string(key) == "labels" && !seenL:
				n, seenL = &labels, true
			case string(key) == "annotations" && !seenA:
				n, seenA = &annotations, true
			case string(key) == "labels" || string(key) == "annotations":
				return false // a later duplicate: the first decided
			default:
				return bail()
			}
			*n = objectMembers(s)
			return !(seenL && seenA) // both read: stop
		})
		return false // the first metadata object decides: stop
	})
	return labels, annotations
}

// objectMembers consumes a value and returns its member count, -1 when it is not an
// object.
func objectMembers(s *jsonscan.Scanner) int {
	if s.IsNull() {
		s.Skip()
		return -1
	}
	n := 0
	if !s.Object(func([]byte, bool) bool { n++; return s.Skip() != nil }) {
		return -1
	}
	return n
}
