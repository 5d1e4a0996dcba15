package validators

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/qos"
)

// qosClassValidator enforces a profile's minimum QoS class, computed as the kubelet does
// over every container (exemptions do not apply: the kubelet knows none).
type qosClassValidator struct{}

var _ Validator = qosClassValidator{}

// Name is the validator's log name.
func (qosClassValidator) Name() string { return "qos-class" }

// Validate compares the pod's class with the profile's minimum.
func (qosClassValidator) Validate(req *Request, p *Profile) []Violation {
	if p.MinQOSClass == "" {
		return nil
	}
	class := qos.ClassOf(req.Pod)
	if qosRank[class] >= qosRank[p.MinQOSClass] {
		return nil
	}
	return violation(RuleQOSClass, field.Invalid(field.NewPath("spec"), string(class),
		fmt.Sprintf("QoS class %s is below the minimum %s: %s", class, p.MinQOSClass, qosHint[p.MinQOSClass])))
}

// qosHint tells the user how to reach each class.
var qosHint = map[corev1.PodQOSClass]string{
	corev1.PodQOSGuaranteed: "every container, init containers and sidecars included, needs cpu and memory " +
		"limits equal to its requests (or the pod sets equal pod-level requests and limits)",
	corev1.PodQOSBurstable: "at least one container must request cpu or memory",
}
