package qos_test

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/qos"
)

// res builds ResourceRequirements from "cpu=1,memory=1Gi"-style pairs.
func res(requests, limits map[string]string) corev1.ResourceRequirements {
	return corev1.ResourceRequirements{Requests: list(requests), Limits: list(limits)}
}

func list(m map[string]string) corev1.ResourceList {
	if m == nil {
		return nil
	}
	out := corev1.ResourceList{}
	for k, v := range m {
		out[corev1.ResourceName(k)] = resource.MustParse(v)
	}
	return out
}

func container(name string, r corev1.ResourceRequirements) corev1.Container {
	return corev1.Container{Name: name, Image: "img", Resources: r}
}

func nativeSidecar(name string, r corev1.ResourceRequirements) corev1.Container {
	c := container(name, r)
	always := corev1.ContainerRestartPolicyAlways
	c.RestartPolicy = &always
	return c
}

var (
	none    = corev1.ResourceRequirements{}
	guar    = res(map[string]string{"cpu": "500m", "memory": "128Mi"}, map[string]string{"cpu": "500m", "memory": "128Mi"})
	guarBig = res(map[string]string{"cpu": "1", "memory": "1Gi"}, map[string]string{"cpu": "1", "memory": "1Gi"})
)

// TestClassOf follows the upstream semantics of ComputePodQOS case by case.
func TestClassOf(t *testing.T) {
	tests := []struct {
		name     string
		spec     corev1.PodSpec
		want     corev1.PodQOSClass
		upstream string // why this is what Kubernetes computes
	}{
		{
			name: "no resources anywhere",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app", none)}},
			want: corev1.PodQOSBestEffort, upstream: "no cpu/memory request or limit",
		},
		{
			name: "requests equal limits",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app", guar)}},
			want: corev1.PodQOSGuaranteed, upstream: "cpu and memory limits set and equal to requests",
		},
		{
			name: "equal quantities written differently",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "1", "memory": "1024Mi"}, map[string]string{"cpu": "1000m", "memory": "1Gi"}))}},
			want: corev1.PodQOSGuaranteed, upstream: "quantities compare by value",
		},
		{
			name: "limits only: requests default to limits",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(nil, map[string]string{"cpu": "1", "memory": "1Gi"}))}},
			want: corev1.PodQOSGuaranteed, upstream: "the apiserver defaults requests to limits before QoS is computed",
		},
		{
			name: "requests only",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "1", "memory": "1Gi"}, nil))}},
			want: corev1.PodQOSBurstable, upstream: "requests without limits",
		},
		{
			name: "cpu limit only, no memory",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "1"}, map[string]string{"cpu": "1"}))}},
			want: corev1.PodQOSBurstable, upstream: "every container needs both cpu and memory limits",
		},
		{
			name: "request lower than limit",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "500m", "memory": "1Gi"}, map[string]string{"cpu": "1", "memory": "1Gi"}))}},
			want: corev1.PodQOSBurstable, upstream: "requests must equal limits",
		},
		{
			name: "explicit zero request with a limit",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "0", "memory": "1Gi"}, map[string]string{"cpu": "1", "memory": "1Gi"}))}},
			want: corev1.PodQOSBurstable, upstream: "an explicit request is not defaulted; zero counts as unset",
		},
		{
			name: "zero requests and limits only",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"cpu": "0"}, map[string]string{"memory": "0"}))}},
			want: corev1.PodQOSBestEffort, upstream: "zero quantities are ignored",
		},
		{
			name: "only ephemeral-storage",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app",
				res(map[string]string{"ephemeral-storage": "1Gi"}, map[string]string{"ephemeral-storage": "1Gi"}))}},
			want: corev1.PodQOSBestEffort, upstream: "only cpu and memory decide the class",
		},
		{
			name: "guaranteed plus ephemeral-storage request below limit",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app", res(
				map[string]string{"cpu": "1", "memory": "1Gi", "ephemeral-storage": "1Gi"},
				map[string]string{"cpu": "1", "memory": "1Gi", "ephemeral-storage": "2Gi"}))}},
			want: corev1.PodQOSGuaranteed, upstream: "other resources are ignored",
		},
		{
			name: "two guaranteed containers",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("a", guar), container("b", guarBig)}},
			want: corev1.PodQOSGuaranteed, upstream: "sums of requests equal sums of limits",
		},
		{
			name: "guaranteed app and a container without resources",
			spec: corev1.PodSpec{Containers: []corev1.Container{container("app", guar), container("helper", none)}},
			want: corev1.PodQOSBurstable, upstream: "the helper has no limits",
		},
		{
			name: "guaranteed app and a best-effort init container",
			spec: corev1.PodSpec{
				InitContainers: []corev1.Container{container("init", none)},
				Containers:     []corev1.Container{container("app", guar)},
			},
			want: corev1.PodQOSBurstable, upstream: "init containers count",
		},
		{
			name: "guaranteed app and a guaranteed init container",
			spec: corev1.PodSpec{
				InitContainers: []corev1.Container{container("init", guarBig)},
				Containers:     []corev1.Container{container("app", guar)},
			},
			want: corev1.PodQOSGuaranteed, upstream: "init containers count like the others",
		},
		{
			name: "guaranteed app and a native sidecar without resources",
			spec: corev1.PodSpec{
				InitContainers: []corev1.Container{nativeSidecar("proxy", none)},
				Containers:     []corev1.Container{container("app", guar)},
			},
			want: corev1.PodQOSBurstable, upstream: "native sidecars are init containers",
		},
		{
			name: "best-effort app and a burstable native sidecar",
			spec: corev1.PodSpec{
				InitContainers: []corev1.Container{nativeSidecar("proxy", res(map[string]string{"memory": "64Mi"}, nil))},
				Containers:     []corev1.Container{container("app", none)},
			},
			want: corev1.PodQOSBurstable, upstream: "any request makes the pod at least Burstable",
		},
		{
			name: "ephemeral containers never count",
			spec: corev1.PodSpec{
				Containers: []corev1.Container{container("app", guar)},
				EphemeralContainers: []corev1.EphemeralContainer{{
					EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debug", Image: "img"},
				}},
			},
			want: corev1.PodQOSGuaranteed, upstream: "ComputePodQOS iterates containers and init containers only",
		},
		{
			name: "pod-level guaranteed, containers without resources",
			spec: corev1.PodSpec{
				Resources:  &guar,
				Containers: []corev1.Container{container("app", none), container("helper", none)},
			},
			want: corev1.PodQOSGuaranteed, upstream: "pod-level resources decide alone (PodLevelResources)",
		},
		{
			name: "pod-level burstable, containers guaranteed",
			spec: corev1.PodSpec{
				Resources:  ptr(res(map[string]string{"cpu": "1", "memory": "1Gi"}, map[string]string{"cpu": "2", "memory": "1Gi"})),
				Containers: []corev1.Container{container("app", guar)},
			},
			want: corev1.PodQOSBurstable, upstream: "pod-level resources decide alone (PodLevelResources)",
		},
		{
			name: "pod-level limits only",
			spec: corev1.PodSpec{
				Resources:  ptr(res(nil, map[string]string{"cpu": "1", "memory": "1Gi"})),
				Containers: []corev1.Container{container("app", none)},
			},
			want: corev1.PodQOSGuaranteed, upstream: "pod-level requests default to pod-level limits",
		},
		{
			name: "pod-level resources without cpu or memory",
			spec: corev1.PodSpec{
				Resources:  ptr(res(nil, map[string]string{"hugepages-2Mi": "2Mi"})),
				Containers: []corev1.Container{container("app", guar)},
			},
			want: corev1.PodQOSGuaranteed, upstream: "pod-level resources count only when they name cpu or memory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := &corev1.Pod{Spec: tt.spec}
			if got := qos.ClassOf(pod); got != tt.want {
				t.Errorf("ClassOf = %s, want %s (%s)", got, tt.want, tt.upstream)
			}
		})
	}
}

// TestClassOfIgnoresStatus: at admission the status is empty or stale; the spec decides.
func TestClassOfIgnoresStatus(t *testing.T) {
	pod := &corev1.Pod{
		Spec:   corev1.PodSpec{Containers: []corev1.Container{container("app", none)}},
		Status: corev1.PodStatus{QOSClass: corev1.PodQOSGuaranteed},
	}
	if got := qos.ClassOf(pod); got != corev1.PodQOSBestEffort {
		t.Errorf("ClassOf = %s, want BestEffort", got)
	}
}

func ptr[T any](v T) *T { return &v }

// equalPods compares pods semantically-free: field for field, quantities by their
// internal form too, so a cached string or a defaulted request shows up as a change.
func equalPods(a, b *corev1.Pod) bool { return reflect.DeepEqual(a, b) }
