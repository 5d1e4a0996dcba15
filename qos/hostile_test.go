package qos_test

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/qos"
)

// TestClassOfHostileQuantities: quantities the apiserver accepts but whose exponent
// makes Quantity.Cmp loop forever get a class promptly, and the right one where the
// apiserver's comparison is exact (equal values are Guaranteed, different ones Burstable).
func TestClassOfHostileQuantities(t *testing.T) {
	for _, tc := range []struct {
		name             string
		requests, limits map[string]string
		want             corev1.PodQOSClass
	}{
		{"request only", map[string]string{"cpu": "1e2147483647", "memory": "1Gi"}, nil, corev1.PodQOSBurstable},
		{"re-encoded, equal", map[string]string{"cpu": "10e2147483646", "memory": "1Gi"},
			map[string]string{"cpu": "1e2147483647", "memory": "1Gi"}, corev1.PodQOSGuaranteed},
		{"huge limit", map[string]string{"cpu": "1", "memory": "1Gi"},
			map[string]string{"cpu": "1e2147483647", "memory": "1Gi"}, corev1.PodQOSBurstable},
		{"both huge, different", map[string]string{"cpu": "1e30", "memory": "1Gi"},
			map[string]string{"cpu": "1e31", "memory": "1Gi"}, corev1.PodQOSBurstable},
		{"zero with an absurd exponent", map[string]string{"cpu": "0e2147483647"}, nil, corev1.PodQOSBestEffort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{container("app", res(tc.requests, tc.limits))}}}
			done := make(chan corev1.PodQOSClass, 1)
			go func() { done <- qos.ClassOf(pod) }()
			select {
			case got := <-done:
				if got != tc.want {
					t.Errorf("ClassOf = %s, want %s", got, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("ClassOf did not return within 5s")
			}
		})
	}
}
