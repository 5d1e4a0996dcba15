package podresources_test

import (
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/podresources"
)

// TestHostileQuantitiesAreBounded: defaulting and the effective totals return promptly
// for every hostile quantity, every resource name and every place in the pod.
func TestHostileQuantitiesAreBounded(t *testing.T) {
	for _, q := range hostileQuantities {
		for _, name := range hostileNames {
			for where, spec := range hostileSpecs(name, q) {
				t.Run(fmt.Sprintf("%s/%s/%s", q, name, where), func(t *testing.T) {
					within(t, 5*time.Second, "Defaulted, Requests and Limits", func() {
						pod := podresources.Defaulted(&corev1.Pod{Spec: spec})
						podresources.Requests(pod)
						podresources.Limits(pod)
					})
				})
			}
		}
	}
}

// TestInRange: the boundary is 2^63-1 base units, the largest value Quantity keeps for
// binary suffixes and the largest an int64 (what nodes, the scheduler and the kubelet
// count in) holds.
func TestInRange(t *testing.T) {
	for q, want := range map[string]bool{
		"0": true, "1n": true, "500m": true, "64Gi": true, "8Ei": true, "9223372036854775807": true,
		"9223372036854775807.5": false, "9223372036854775808": false, "1e19": false, "10e18": false,
		"-9223372036854775807": true, "-1e19": false, "1e2147483647": false, "10e2147483646": false,
		"123456789012345678901234567890": false, "0.000000001e18": true,
	} {
		t.Run(q, func(t *testing.T) {
			within(t, 5*time.Second, "InRange", func() {
				if got := podresources.InRange(resource.MustParse(q)); got != want {
					t.Errorf("InRange(%s) = %v, want %v", q, got, want)
				}
			})
		})
	}
}

// TestCmpIsExactAndBounded: Cmp orders quantities on both sides of the range exactly,
// in bounded time, like Quantity.Cmp where that one returns.
func TestCmpIsExactAndBounded(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1", "1000m", 0}, {"1Gi", "1G", 1}, {"1e2147483647", "1", 1}, {"1", "10e2147483646", -1},
		{"1e2147483647", "10e2147483646", 0}, {"1e30", "1e31", -1}, {"2e30", "19e29", 1},
		{"-1e2147483647", "0", -1}, {"-1e30", "-1e31", 1}, {"0", "0e2147483647", 0},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
	} {
		t.Run(tc.a+"_"+tc.b, func(t *testing.T) {
			within(t, 5*time.Second, "Cmp", func() {
				if got := podresources.Cmp(resource.MustParse(tc.a), resource.MustParse(tc.b)); got != tc.want {
					t.Errorf("Cmp(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
				}
			})
		})
	}
}

// TestCheckQuantities names every out-of-range quantity with its field path.
func TestCheckQuantities(t *testing.T) {
	huge := corev1.ResourceList{"cpu": resource.MustParse("1e2147483647")}
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Containers:     []corev1.Container{{Name: "a"}, {Name: "b", Resources: corev1.ResourceRequirements{Limits: huge}}},
		InitContainers: []corev1.Container{{Name: "i", Resources: corev1.ResourceRequirements{Requests: huge}}},
		EphemeralContainers: []corev1.EphemeralContainer{{EphemeralContainerCommon: corev1.EphemeralContainerCommon{
			Name: "e", Resources: corev1.ResourceRequirements{Requests: huge}}}},
		Resources: &corev1.ResourceRequirements{Requests: huge},
		Overhead:  huge,
	}}
	var got []string
	within(t, 5*time.Second, "CheckQuantities", func() {
		for _, e := range podresources.CheckQuantities(pod) {
			got = append(got, e.Error())
		}
	})
	detail := `: Invalid value: "10e2147483646": 10e2147483646 is ` + podresources.OutOfRangeDetail
	want := []string{
		"spec.containers[1].resources.limits[cpu]" + detail,
		"spec.initContainers[0].resources.requests[cpu]" + detail,
		"spec.ephemeralContainers[0].resources.requests[cpu]" + detail,
		"spec.resources.requests[cpu]" + detail,
		"spec.overhead[cpu]" + detail,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CheckQuantities =\n%q\nwant\n%q", got, want)
	}
	if errs := podresources.CheckQuantities(&corev1.Pod{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "a",
		Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{"memory": resource.MustParse("8Ei")}}}}}}); len(errs) != 0 {
		t.Errorf("8Ei is in range, got %v", errs)
	}
}

// TestClamp: what ordinary arithmetic gets for each kind of quantity.
func TestClamp(t *testing.T) {
	for q, want := range map[string]string{
		"1": "1", "64Gi": "64Gi", "1e2147483647": "9223372036854775808", "-10e2147483646": "-9223372036854775808",
		"0e2147483647": "0", "9223372036854775807": "9223372036854775807",
	} {
		within(t, 5*time.Second, "Clamp", func() {
			got := podresources.Clamp(resource.MustParse(q))
			if got.String() != want {
				t.Errorf("Clamp(%s) = %s, want %s", q, got.String(), want)
			}
			sum := got.DeepCopy()
			podresources.Add(&sum, resource.MustParse("1m")) // bounded too
		})
	}
}
