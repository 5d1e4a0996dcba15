package webhook

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// objectView is the pod view of request.object read in the same pass as the review:
// /validate, and /mutate for a pod that selects nothing, then decide without reading
// the pod's bytes a second time. The review is read the same with or without it
// (TestOneScanReadsAsTwo, FuzzOneScan).
type objectView struct {
	// want says, from the body, whether the endpoint will read the view (nil: never).
	want func(body []byte) bool
	view podView
	// read says view holds request.object's view: false when not wanted, when the
	// object is not one the scanner reads (decodePodView then reads it alone), or when
	// the review itself fell back to encoding/json.
	read bool
}

// scanObjectView reads request.object into ov's view and keeps its bytes; an object
// the view scanner refuses is skipped and kept as bytes only, so the review still
// reads in one pass.
func scanObjectView(s *jsonscan.Scanner, seen *members, i uint, dst *runtime.RawExtension, ov *objectView) bool {
	if *seen&(1<<i) != 0 {
		return s.Fail()
	}
	*seen |= 1 << i
	raw, ok := s.Try(func() bool { return scanPodViewValue(s, &ov.view) })
	if !ok {
		ov.view = podView{}
		raw = s.Skip()
	}
	ov.read = ok
	return keepRaw(s, raw, dst)
}

// decoder decodes request.object from the view read with the review when there is
// one, else with alone. The view is request.object's: only podToAdmit's decode of
// req.Object.Raw may use it.
func (ov *objectView) decoder(alone podDecoder) podDecoder {
	if ov == nil || !ov.read {
		return alone
	}
	return func([]byte) (*corev1.Pod, error) { return ov.view.pod(), nil }
}
