package podresources_test

import (
	"os"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/podresources"
)

// effectiveCase is one entry of testdata/effective.yaml.
type effectiveCase struct {
	Name     string              `json:"name"`
	Spec     corev1.PodSpec      `json:"spec"`
	Requests corev1.ResourceList `json:"requests"`
	Limits   corev1.ResourceList `json:"limits"`
}

// TestEffectiveMatchesUpstream checks Requests and Limits of Defaulted pods against the
// totals Kubernetes 1.37 computes for the same pods.
func TestEffectiveMatchesUpstream(t *testing.T) {
	data, err := os.ReadFile("testdata/effective.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []effectiveCase
	if err := yaml.UnmarshalStrict(data, &cases); err != nil {
		t.Fatalf("testdata/effective.yaml: %v", err)
	}
	// A guard against a truncated or emptied table passing vacuously: it holds 13 pods
	// (regular, init and sidecar mixes, pod-level resources, huge pages, extended).
	if len(cases) < 13 {
		t.Fatalf("only %d cases in testdata/effective.yaml: the table must cover at least 13 pods", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			pod := podresources.Defaulted(&corev1.Pod{Spec: tc.Spec})
			if got := podresources.Requests(pod); !sameValues(got, tc.Requests) {
				t.Errorf("Requests = %v, want %v", got, tc.Requests)
			}
			if got := podresources.Limits(pod); !sameValues(got, tc.Limits) {
				t.Errorf("Limits = %v, want %v", got, tc.Limits)
			}
		})
	}
}

// TestDefaultedNeverChangesItsInput and is idempotent: defaulting a defaulted pod again
// changes nothing (validating webhooks see pods the apiserver already defaulted).
func TestDefaultedNeverChangesItsInput(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Resources: &corev1.ResourceRequirements{Limits: list("cpu", "2", "hugepages-2Mi", "4Mi")},
		InitContainers: []corev1.Container{{Name: "proxy", RestartPolicy: ptr(corev1.ContainerRestartPolicyAlways),
			Resources: corev1.ResourceRequirements{Limits: list("cpu", "100m", "memory", "64Mi")}}},
		Containers: []corev1.Container{{Name: "app",
			Resources: corev1.ResourceRequirements{Requests: list("cpu", "1"), Limits: list("memory", "1Gi")}}},
	}}
	before := pod.DeepCopy()
	once := podresources.Defaulted(pod)
	if !reflect.DeepEqual(pod, before) {
		t.Fatalf("Defaulted changed its input")
	}
	if reflect.DeepEqual(once, before) {
		t.Fatalf("Defaulted changed nothing on a pod with limits only: the test pod is wrong")
	}
	twice := podresources.Defaulted(once)
	if !reflect.DeepEqual(once.Spec, twice.Spec) {
		t.Errorf("defaulting twice changed the pod:\nonce  %+v\ntwice %+v", once.Spec.Resources, twice.Spec.Resources)
	}
}

func TestResourceNames(t *testing.T) {
	tests := []struct {
		name                       corev1.ResourceName
		podLevel, overcommit, huge bool
	}{
		{"cpu", true, true, false},
		{"memory", true, true, false},
		{"ephemeral-storage", false, true, false},
		{"hugepages-2Mi", true, false, true},
		{"hugepages-1Gi", true, false, true},
		{"example.com/gpu", false, false, false},
		{"kubernetes.io/something", false, true, false},
	}
	for _, tt := range tests {
		if got := podresources.IsPodLevelResource(tt.name); got != tt.podLevel {
			t.Errorf("IsPodLevelResource(%s) = %v", tt.name, got)
		}
		if got := podresources.IsOvercommittable(tt.name); got != tt.overcommit {
			t.Errorf("IsOvercommittable(%s) = %v", tt.name, got)
		}
		if got := podresources.IsHugePages(tt.name); got != tt.huge {
			t.Errorf("IsHugePages(%s) = %v", tt.name, got)
		}
	}
}

func TestPodLevelSet(t *testing.T) {
	tests := []struct {
		name string
		r    *corev1.ResourceRequirements
		want bool
	}{
		{"nil", nil, false},
		{"empty", &corev1.ResourceRequirements{}, false},
		{"ephemeral-storage only", &corev1.ResourceRequirements{Limits: list("ephemeral-storage", "1Gi")}, false},
		{"cpu request", &corev1.ResourceRequirements{Requests: list("cpu", "1")}, true},
		{"memory limit", &corev1.ResourceRequirements{Limits: list("memory", "1Gi")}, true},
		{"huge pages limit", &corev1.ResourceRequirements{Limits: list("hugepages-2Mi", "2Mi")}, true},
	}
	for _, tt := range tests {
		pod := &corev1.Pod{Spec: corev1.PodSpec{Resources: tt.r}}
		if got := podresources.PodLevelSet(pod); got != tt.want {
			t.Errorf("%s: PodLevelSet = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// sameValues compares resource lists by quantity value (1Gi equals 1024Mi).
func sameValues(a, b corev1.ResourceList) bool {
	if len(a) != len(b) {
		return false
	}
	for name, q := range a {
		o, ok := b[name]
		if !ok || q.Cmp(o) != 0 {
			return false
		}
	}
	return true
}

// list builds a ResourceList from name, value pairs.
func list(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func ptr[T any](v T) *T { return &v }
