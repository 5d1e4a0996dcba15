package hooks

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// CheckPodName is the name of the dry-run pod; it is never stored.
const CheckPodName = "podpatterns-webhook-check"

// checkImage is the dry-run pod's image: never pulled (the pod is never stored).
const checkImage = "registry.k8s.io/pause:3.10"

// CheckPod is the pod the check creates with dryRun=All: it asks for the Downward API
// pattern, which needs no template, so the server always answers with a patch and a
// status annotation when it was called. It meets Pod Security "restricted" (the check
// namespace enforces it) and names its requests (profiles may be on).
func CheckPod(namespace string) *corev1.Pod {
	no, yes, uid := false, true, int64(65532)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: CheckPodName, Namespace: namespace,
			Labels:      map[string]string{"app.kubernetes.io/name": "podpatterns", "app.kubernetes.io/component": "check"},
			Annotations: map[string]string{mutators.AnnotationDownwardAPI: "true"},
		},
		Spec: corev1.PodSpec{
			AutomountServiceAccountToken: &no,
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot: &yes, RunAsUser: &uid,
				SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
			},
			Containers: []corev1.Container{{
				Name: "check", Image: checkImage,
				Resources: corev1.ResourceRequirements{
					Requests: corev1.ResourceList{corev1.ResourceCPU: mustQuantity("1m"), corev1.ResourceMemory: mustQuantity("8Mi")},
					Limits:   corev1.ResourceList{corev1.ResourceCPU: mustQuantity("1m"), corev1.ResourceMemory: mustQuantity("8Mi")},
				},
				SecurityContext: &corev1.SecurityContext{
					AllowPrivilegeEscalation: &no, ReadOnlyRootFilesystem: &yes,
					Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
				},
			}},
		},
	}
}
