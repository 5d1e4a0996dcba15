package qos_test

import (
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/qos"
)

// upstreamCase is one entry of testdata/upstream.yaml.
type upstreamCase struct {
	Name string             `json:"name"`
	Want corev1.PodQOSClass `json:"want"`
	Why  string             `json:"why"`
	Spec corev1.PodSpec     `json:"spec"`
}

// loadUpstreamCases reads the table shared with the upstream cross-check.
func loadUpstreamCases(t *testing.T) []upstreamCase {
	t.Helper()
	data, err := os.ReadFile("testdata/upstream.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []upstreamCase
	if err := yaml.UnmarshalStrict(data, &cases); err != nil {
		t.Fatalf("testdata/upstream.yaml: %v", err)
	}
	return cases
}

// TestClassOfMatchesUpstream checks ClassOf against classes computed by Kubernetes 1.37
// itself for the same pods (see the file's header).
func TestClassOfMatchesUpstream(t *testing.T) {
	cases := loadUpstreamCases(t)
	if len(cases) < 25 {
		t.Fatalf("only %d cases: the table must cover at least 25 pods", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			if seen[tc.Name] {
				t.Fatalf("duplicate case name")
			}
			seen[tc.Name] = true
			switch tc.Want {
			case corev1.PodQOSGuaranteed, corev1.PodQOSBurstable, corev1.PodQOSBestEffort:
			default:
				t.Fatalf("want %q is not a QoS class", tc.Want)
			}
			pod := &corev1.Pod{Spec: tc.Spec}
			before := pod.DeepCopy()
			if got := qos.ClassOf(pod); got != tc.Want {
				t.Errorf("ClassOf = %s, want %s (%s)", got, tc.Want, tc.Why)
			}
			if !equalPods(before, pod) {
				t.Errorf("ClassOf changed the pod")
			}
		})
	}
}
