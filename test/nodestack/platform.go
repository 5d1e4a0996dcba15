package nodestack

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
)

// The config template every-pattern pods render (ConfigMaps created by
// PlatformNamespace), and what the app reads.
const (
	EveryPatternTemplate = "name={{ .Params.name }}\nnamespace={{ .Env.POD_NAMESPACE }}\n"
	EveryPatternParam    = "demo"
)

// EveryPatternAnnotations asks for every pattern of the node config on one pod.
func EveryPatternAnnotations() map[string]string {
	return map[string]string{
		mutators.AnnotationSidecars: SidecarTemplate, mutators.AnnotationAdapters: AdapterTemplate,
		mutators.AnnotationAmbassadors: AmbassadorTemplate, mutators.AnnotationConfigTemplate: ConfigTemplate,
		mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true",
	}
}

// PlatformLabels opt a namespace in as a platform team runs them: Pod Security
// restricted enforced.
func PlatformLabels() map[string]string {
	return map[string]string{mutators.LabelInject: mutators.InjectEnabled, "pod-security.kubernetes.io/enforce": "restricted"}
}

// SetUpPlatform gives namespace name (PlatformLabels) a LimitRange defaulting every
// container, and the ConfigMaps the config template renders.
func SetUpPlatform(ctx context.Context, c kubernetes.Interface, name string) error {
	q := resource.MustParse
	lr := &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "defaults"}, Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{{
		Type:           corev1.LimitTypeContainer,
		Default:        corev1.ResourceList{corev1.ResourceCPU: q("200m"), corev1.ResourceMemory: q("128Mi")},
		DefaultRequest: corev1.ResourceList{corev1.ResourceCPU: q("20m"), corev1.ResourceMemory: q("32Mi")},
		Max:            corev1.ResourceList{corev1.ResourceCPU: q("2"), corev1.ResourceMemory: q("1Gi")},
	}}}}
	if _, err := c.CoreV1().LimitRanges(name).Create(ctx, lr, metav1.CreateOptions{}); err != nil {
		return err
	}
	for cm, data := range map[string]map[string]string{"app-templates": {"app.conf.tmpl": EveryPatternTemplate}, "app-params": {"name": EveryPatternParam}} {
		obj := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: cm}, Data: data}
		if _, err := c.CoreV1().ConfigMaps(name).Create(ctx, obj, metav1.CreateOptions{}); err != nil {
			return err
		}
	}
	return nil
}

// Restricted hardens pod to Pod Security restricted as its author would: non-root
// (agnhost's nobody), RuntimeDefault seccomp, no privilege escalation, no capabilities.
func Restricted(pod *corev1.Pod) *corev1.Pod {
	yes, no, nobody := true, false, int64(65534)
	pod.Spec.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &nobody,
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}}
	for i := range pod.Spec.Containers {
		pod.Spec.Containers[i].SecurityContext = &corev1.SecurityContext{AllowPrivilegeEscalation: &no,
			Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}
	}
	return pod
}
