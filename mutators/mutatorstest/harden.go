package mutatorstest

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// HardenRestricted sets, where the pod's author left them unset, the fields Pod
// Security "restricted" requires: runAsNonRoot and a RuntimeDefault seccomp profile on
// the pod, allowPrivilegeEscalation false and capabilities dropping ALL on every
// container. It is what a platform team asks of its users; a pod that sets a field the
// other way (runAsUser 0, a hostPath volume) stays as its author wrote it, and may
// still fail the level (MeetsLevel tells). A Windows pod is left alone: the API server
// forbids those Linux fields there, and restricted does not ask for them.
func HardenRestricted(pod *corev1.Pod) {
	if pod.Spec.OS != nil && pod.Spec.OS.Name == corev1.Windows {
		return
	}
	sc := pod.Spec.SecurityContext
	if sc == nil {
		sc = &corev1.PodSecurityContext{}
		pod.Spec.SecurityContext = sc
	}
	if sc.RunAsNonRoot == nil {
		sc.RunAsNonRoot = ptr(true)
	}
	if sc.SeccompProfile == nil {
		sc.SeccompProfile = &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}
	}
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for i := range list {
			hardenContainer(&list[i].SecurityContext)
		}
	}
	for i := range pod.Spec.EphemeralContainers {
		hardenContainer(&pod.Spec.EphemeralContainers[i].SecurityContext)
	}
}

// hardenContainer fills a container's unset restricted fields.
func hardenContainer(scp **corev1.SecurityContext) {
	if *scp == nil {
		*scp = &corev1.SecurityContext{}
	}
	sc := *scp
	if sc.AllowPrivilegeEscalation == nil {
		sc.AllowPrivilegeEscalation = ptr(false)
	}
	if sc.Capabilities == nil {
		sc.Capabilities = &corev1.Capabilities{}
	}
	if len(sc.Capabilities.Drop) == 0 {
		sc.Capabilities.Drop = []corev1.Capability{"ALL"}
	}
}

// MeetsLevel returns the Pod Security checks pod fails at level (latest version), as
// the API server's own library words them: nil when it meets the level.
func MeetsLevel(level psaapi.Level, pod *corev1.Pod) []string {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		panic(err)
	}
	lv := psaapi.LevelVersion{Level: level, Version: psaapi.LatestVersion()}
	meta := pod.ObjectMeta
	res := policy.AggregateCheckResults(e.EvaluatePod(lv, &metav1.ObjectMeta{Annotations: meta.Annotations}, &pod.Spec))
	if res.Allowed {
		return nil
	}
	out := make([]string, len(res.ForbiddenReasons))
	for i := range out {
		out[i] = res.ForbiddenReasons[i] + " (" + res.ForbiddenDetails[i] + ")"
	}
	return out
}

func ptr[T any](v T) *T { return &v }
