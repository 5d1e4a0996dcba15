package webhook

import (
	"bytes"
	"encoding/json"

	segjson "github.com/segmentio/encoding/json"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// decodePod decodes raw into a whole pod: first with segmentio's decoder (one pass, no
// separate validation scan, about twice as fast as encoding/json on an API-server pod);
// when it refuses the pod, or panics, encoding/json decodes it again and decides, so a
// refused pod gets encoding/json's error and message. What segmentio accepts it reads
// exactly as encoding/json does: TestPodDecodeCorpus and FuzzPodDecode prove it on every
// golden pod and template, the harness's payloads and the fuzz seeds.
//
// segmentio's decoder does not copy strings without escapes: the pod's names, images,
// env, paths, labels and annotations are views of raw (a third of the all-six request's
// allocations). raw is request.object of the request's own review (readReview never
// hands out the pooled body buffer: TestDecodedPodOutlivesThePooledBody), so the pod
// stays intact for as long as anything holds it. What leaves the request for longer
// (a skip event's target, a metric's label values) is copied where it leaves:
// skipevents.Target, Handlers.ownedLabel.
func decodePod(raw []byte) (*corev1.Pod, error) {
	pod := &corev1.Pod{}
	if nestingBounded(raw) && fastDecodePod(raw, pod) {
		return pod, nil
	}
	*pod = corev1.Pod{}
	return pod, json.Unmarshal(raw, pod)
}

// fastDecodePod reports whether segmentio's decoder read raw into pod without error;
// pod's strings share raw's bytes (ZeroCopy).
func fastDecodePod(raw []byte, pod *corev1.Pod) (ok bool) {
	defer func() {
		if recover() != nil { // a decoder bug on hostile input: encoding/json decides
			ok = false
		}
	}()
	presizeMetaMaps(raw, pod)
	rest, err := segjson.Parse(raw, pod, segjson.ZeroCopy)
	return err == nil && len(bytes.TrimLeft(rest, " \t\r\n")) == 0 // Parse leaves what follows the value to us
}

// nestingBounded reports whether raw cannot nest deeper than encoding/json's limit
// (jsonscan.MaxDepth): at most that many bytes, or at most that many opening brackets.
// segmentio's decoder has no limit of its own, and nesting a few hundred thousand deep
// overflows the goroutine's stack, which kills the process (no panic to recover). Only
// bounded input goes to it; the rest is encoding/json's, which refuses it.
func nestingBounded(raw []byte) bool {
	return len(raw) <= jsonscan.MaxDepth ||
		bytes.Count(raw, []byte{'{'})+bytes.Count(raw, []byte{'['}) <= jsonscan.MaxDepth
}

// stdDecodePod is the straightforward decode: encoding/json alone (the fast paths off,
// and the differential tests' reference).
func stdDecodePod(raw []byte) (*corev1.Pod, error) {
	pod := &corev1.Pod{}
	return pod, json.Unmarshal(raw, pod)
}
