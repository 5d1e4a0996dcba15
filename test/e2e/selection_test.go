package e2e

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// wantsLogShipper is a pod that asks for the log-shipper sidecar.
func wantsLogShipper(name string) *corev1.Pod {
	return podInNamespace(name, map[string]string{mutators.AnnotationSidecars: "log-shipper"})
}

// assertUntouched fails unless the stored pod has exactly the containers it was sent
// with and no status annotation.
func assertUntouched(t *testing.T, got *corev1.Pod) {
	t.Helper()
	if names := containerNames(got); !slices.Equal(names, []string{"app"}) {
		t.Errorf("containers %v, want only the app's: the pod was mutated", names)
	}
	if v, ok := got.Annotations[mutators.AnnotationStatus]; ok {
		t.Errorf("status annotation %q present: the pod was mutated", v)
	}
}

// TestUnlabelledNamespaceUntouched: without podpatterns.io/inject=enabled the apiserver
// never calls us, whatever the pod asks for.
func TestUnlabelledNamespaceUntouched(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, nil, map[string]string{mutators.AnnotationSidecars: "log-shipper"})
	got, _ := mustCreatePod(t, ns, wantsLogShipper("web"))
	assertUntouched(t, got)
}

// TestLabelledNamespaceInjected: the apiserver calls /mutate, applies our JSON patch and
// stores the native sidecar, the app's mount and the status annotation.
func TestLabelledNamespaceInjected(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	got, _ := mustCreatePod(t, ns, wantsLogShipper("web"))
	if names := containerNames(got); !slices.Equal(names, []string{"init:log-shipper", "app"}) {
		t.Fatalf("containers %v, want [init:log-shipper app]", names)
	}
	sidecar := got.Spec.InitContainers[0]
	if sidecar.RestartPolicy == nil || *sidecar.RestartPolicy != corev1.ContainerRestartPolicyAlways {
		t.Errorf("log-shipper restartPolicy %v, want Always (native sidecar)", sidecar.RestartPolicy)
	}
	if !slices.ContainsFunc(got.Spec.Containers[0].VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == "app-logs" }) {
		t.Errorf("app container lacks the shared app-logs mount: %v", got.Spec.Containers[0].VolumeMounts)
	}
	status, ok := statusOf(got)
	if !ok || !slices.Equal(status.Injected[mutators.PatternSidecar], []string{"log-shipper"}) {
		t.Errorf("status annotation %q does not record sidecar log-shipper", got.Annotations[mutators.AnnotationStatus])
	}
	if want := servingRevision(t); status.Revision != want {
		t.Errorf("status revision %q, want the served config's %q", status.Revision, want)
	}
}

// TestPodOptOut: podpatterns.io/inject=false on the pod wins over its own selections.
func TestPodOptOut(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	pod := wantsLogShipper("opted-out")
	pod.Annotations[mutators.AnnotationInject] = "false"
	got, _ := mustCreatePod(t, ns, pod)
	assertUntouched(t, got)
}

// TestNamespaceOptOut: podpatterns.io/inject=false on the namespace opts its pods out,
// even though the namespace label still sends them to us.
func TestNamespaceOptOut(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), map[string]string{mutators.AnnotationInject: "false", mutators.AnnotationSidecars: "log-shipper"})
	got, _ := mustCreatePod(t, ns, podInNamespace("plain", nil))
	assertUntouched(t, got)
}

// TestExcludedNamespaces: kube-system and the release namespace carry every opt-in label
// (set up by TestMain), yet no webhook is called there: a pod our chain would deny (an
// invalid podpatterns.io/inject value) and a BestEffort pod are admitted as sent.
func TestExcludedNamespaces(t *testing.T) {
	t.Parallel()
	for _, ns := range []string{metav1.NamespaceSystem, ReleaseNamespace} {
		t.Run(ns, func(t *testing.T) {
			pod := wantsLogShipper("excluded-" + strings.ToLower(randomSuffix()))
			pod.Annotations[mutators.AnnotationInject] = "probe"
			got, _ := mustCreatePod(t, ns, pod)
			assertUntouched(t, got)
		})
	}
}

// TestProfileOnlyNamespaceNotInjected: a namespace that chose a profile but did not opt
// into the patterns is sent to defaults.podpatterns.io (profile defaults) — a pod there
// asking for a sidecar must not get it: only podpatterns.io/inject=enabled opts in.
func TestProfileOnlyNamespaceNotInjected(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, map[string]string{mutators.LabelProfile: "burstable"}, nil)
	pod := wantsLogShipper("profile-only")
	pod.Spec.Containers[0].Resources = guaranteedResources()
	got, _ := mustCreatePod(t, ns, pod)
	assertUntouched(t, got)
}

// TestMirrorPodNotSent: the chart's matchCondition keeps mirror (static) pods away from
// every webhook: even a pod our chain would deny is admitted as sent.
func TestMirrorPodNotSent(t *testing.T) {
	t.Parallel()
	ns := newNamespace(t, injected(), nil)
	pod := wantsLogShipper("static-web")
	pod.Annotations[mutators.AnnotationInject] = "probe"
	pod.Annotations[corev1.MirrorPodAnnotationKey] = "checksum"
	pod.Spec.NodeName = "node-1"
	got, _ := mustCreatePod(t, ns, pod)
	assertUntouched(t, got)
}

// guaranteedResources are equal requests and limits: a Guaranteed container that
// satisfies every example profile.
func guaranteedResources() corev1.ResourceRequirements {
	rl := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("64Mi")}
	return corev1.ResourceRequirements{Requests: rl, Limits: rl.DeepCopy()}
}
