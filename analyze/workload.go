package analyze

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
)

// Workload checks one pod template (or bare pod) the way the cluster will admit its next
// pod: the mutating core, then the validating core on the result. obj names it
// (NAMESPACE/KIND/NAME); nsSkips are the namespace probe's skips, reported once there.
func Workload(p *admission.Pipeline, obj string, pod *corev1.Pod, ns mutators.Namespace, nsSkips []mutators.Skip) ([]Finding, error) {
	m, err := p.MutatePod(pod, ns)
	if err != nil {
		return nil, err
	}
	out := skipFindings(obj, m.Report.Skipped, nsSkips)
	if m.Denied() {
		return append(out, Finding{SeverityError, CodeDenied, obj, "its next pod is denied: " + m.Denial}), nil
	}
	if v := p.ValidatePod(m.Pod, ns); !v.Answer.Allowed {
		out = append(out, Finding{SeverityError, CodeDenied, obj, fmt.Sprintf("its next pod is denied: %s", v.Answer.Message)})
	}
	return out, nil
}

// metaIn is the metadata of a pod the analysis makes up in namespace.
func metaIn(namespace string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: "podpatterns-analyze", Namespace: namespace}
}
