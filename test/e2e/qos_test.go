package e2e

import (
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/qos"
)

// TestQOSTableMatchesAPIServer: every pod of qos/testdata/upstream.yaml, created (dry
// run) on the real apiserver in a namespace no webhook selects, gets the status.qosClass
// the table says and qos.ClassOf computes. The table is checked against the apiserver,
// not only against a copy of its rules.
func TestQOSTableMatchesAPIServer(t *testing.T) {
	data, err := os.ReadFile("../../qos/testdata/upstream.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name string             `json:"name"`
		Want corev1.PodQOSClass `json:"want"`
		Why  string             `json:"why"`
		Spec corev1.PodSpec     `json:"spec"`
	}
	if err := yaml.UnmarshalStrict(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases in the QoS table", len(cases))
	}
	ns := newNamespace(t, nil, nil)
	var stored int
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{GenerateName: "qos-"}, Spec: tc.Spec}
			if qos.ClassOf(pod) != tc.Want {
				t.Errorf("qos.ClassOf(input) %s, table %s", qos.ClassOf(pod), tc.Want)
			}
			// Ephemeral containers cannot be set on create (only through the
			// ephemeralcontainers subresource) and never count: create without them.
			create := pod.DeepCopy()
			create.Spec.EphemeralContainers = nil
			got, _, err := createPod(t, ns, create, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
			if apierrors.IsInvalid(err) {
				// A table row the apiserver refuses describes a pod that never exists; it
				// stays in the table for ClassOf's sake but cannot be compared here.
				t.Logf("the apiserver refuses this pod, so only qos.ClassOf is checked: %v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored++
			if got.Status.QOSClass != tc.Want || qos.ClassOf(got) != tc.Want {
				t.Errorf("apiserver %s, qos.ClassOf(stored) %s, table %s", got.Status.QOSClass, qos.ClassOf(got), tc.Want)
			}
		})
	}
	if stored < len(cases)-2 {
		t.Errorf("only %d of %d table pods could be compared with the apiserver", stored, len(cases))
	}
}
