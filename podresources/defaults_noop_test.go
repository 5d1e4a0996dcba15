package podresources_test

import (
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/podresources"
)

// TestDefaultedForReadingIsDefaulted: whatever DefaultedForReading returns deep-equals
// Defaulted's copy, on the effective.yaml pods and on random ones (limits without
// requests, empty lists, sidecars, pod-level resources set, empty or absent); both of
// its answers (the pod itself, a copy) occur, so neither side is compared vacuously.
func TestDefaultedForReadingIsDefaulted(t *testing.T) {
	var pods []*corev1.Pod
	data, err := os.ReadFile("testdata/effective.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []effectiveCase
	if err := yaml.UnmarshalStrict(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		pods = append(pods, &corev1.Pod{Spec: tc.Spec})
	}
	rng := rand.New(rand.NewPCG(12, 55))
	for range 3000 {
		pods = append(pods, randomPod(rng))
	}
	same := 0
	for i, pod := range pods {
		before := pod.DeepCopy()
		got, want := podresources.DefaultedForReading(pod), podresources.Defaulted(pod)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("pod %d: DefaultedForReading differs from Defaulted\npod  %+v\ngot  %+v\nwant %+v", i, before.Spec, got.Spec, want.Spec)
		}
		if !reflect.DeepEqual(pod, before) {
			t.Fatalf("pod %d: DefaultedForReading changed its input", i)
		}
		if got == pod {
			same++
		}
	}
	if same < 100 || len(pods)-same < 100 {
		t.Fatalf("%d of %d pods returned as they are: the random pods must exercise both answers", same, len(pods))
	}
}

// randomPod has up to two init containers and two containers, each with a random
// subset of requests and limits (absent, empty or set lists), and pod-level resources
// absent, empty or set.
func randomPod(rng *rand.Rand) *corev1.Pod {
	pod := &corev1.Pod{}
	for range rng.IntN(3) {
		c := corev1.Container{Name: "init", Resources: randomRequirements(rng)}
		if rng.IntN(2) == 0 {
			c.RestartPolicy = ptr(corev1.ContainerRestartPolicyAlways)
		}
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, c)
	}
	for range rng.IntN(3) {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: "app", Resources: randomRequirements(rng)})
	}
	switch rng.IntN(6) {
	case 0:
		pod.Spec.Resources = &corev1.ResourceRequirements{}
	case 1:
		r := randomRequirements(rng)
		pod.Spec.Resources = &r
	}
	return pod
}

func randomRequirements(rng *rand.Rand) corev1.ResourceRequirements {
	return corev1.ResourceRequirements{Requests: randomList(rng), Limits: randomList(rng)}
}

// randomList is nil, empty, or some of cpu, memory and 2Mi huge pages.
func randomList(rng *rand.Rand) corev1.ResourceList {
	n := rng.IntN(5)
	if n == 0 {
		return nil
	}
	out := corev1.ResourceList{}
	for _, kv := range [][2]string{{"cpu", "250m"}, {"memory", "64Mi"}, {"hugepages-2Mi", "4Mi"}} {
		if n > 1 && rng.IntN(2) == 0 {
			for k, v := range list(kv[0], kv[1]) {
				out[k] = v
			}
		}
	}
	return out
}
