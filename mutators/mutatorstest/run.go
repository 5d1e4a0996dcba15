package mutatorstest

import (
	"errors"

	jsonpatch "github.com/evanphx/json-patch/v5"
	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"

	"github.com/podpatterns/podpatterns/mutators"
)

// Mutate runs chain once on a fresh copy of the case's pod and returns the mutated pod
// and the report.
func Mutate(chain *mutators.Chain, c *Case) (*corev1.Pod, mutators.Report) {
	req := mutators.NewRequest(c.Pod(), c.Namespace)
	chain.Mutate(req)
	return req.Pod, req.Report
}

// ApplyPatch applies an RFC 6902 patch (nil means no change) to a pod's JSON the way the
// apiserver does (no implicit creation of missing parents) and decodes the result
// strictly, so a patch that writes a field Pod does not have fails.
func ApplyPatch(podJSON, patch []byte) (*corev1.Pod, error) {
	out, err := applyJSON(podJSON, patch)
	if err != nil {
		return nil, err
	}
	return decodeStrict(out)
}

func applyJSON(podJSON, patch []byte) ([]byte, error) {
	if patch == nil {
		return podJSON, nil
	}
	p, err := jsonpatch.DecodePatch(patch)
	if err != nil {
		return nil, err
	}
	return p.Apply(podJSON)
}

func decodeStrict(podJSON []byte) (*corev1.Pod, error) {
	pod := &corev1.Pod{}
	strictErrs, err := kjson.UnmarshalStrict(podJSON, pod)
	if err = errors.Join(append(strictErrs, err)...); err != nil {
		return nil, err
	}
	return pod, nil
}
