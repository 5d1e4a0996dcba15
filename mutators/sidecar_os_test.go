package mutators_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestWindowsPodsGetNoLinuxFields: every golden case's pod, declared for Windows
// (spec.os.name), comes out of the chain with no container that was not in the input
// setting a securityContext field the API server forbids in a Windows pod; Linux
// templates are skipped (os-mismatch) instead.
func TestWindowsPodsGetNoLinuxFields(t *testing.T) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, c := range cases {
		pod := c.Pod()
		pod.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
		own := map[string]bool{}
		for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
			for _, ctr := range list {
				own[ctr.Name] = true
			}
		}
		p, err := c.Pipeline()
		if err != nil {
			t.Fatal(err)
		}
		m, err := p.MutatePod(pod, c.Namespace)
		if err != nil {
			t.Fatal(err)
		}
		for _, list := range [][]corev1.Container{m.Pod.Spec.InitContainers, m.Pod.Spec.Containers} {
			for _, ctr := range list {
				if !own[ctr.Name] && linuxOnly(ctr.SecurityContext) {
					t.Errorf("%s: injected container %q sets Linux-only securityContext fields in a Windows pod: %+v", c.Name, ctr.Name, *ctr.SecurityContext)
				}
			}
		}
		for _, s := range m.Report.Skipped {
			if s.Reason == mutators.SkipOSMismatch {
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no template was skipped for the OS: the rule was not exercised")
	}
}

// linuxOnly reports whether sc sets a field the API server forbids for Windows pods.
func linuxOnly(sc *corev1.SecurityContext) bool {
	return sc != nil && (sc.SELinuxOptions != nil || sc.SeccompProfile != nil || sc.AppArmorProfile != nil ||
		sc.Capabilities != nil || sc.ReadOnlyRootFilesystem != nil || sc.Privileged != nil ||
		sc.AllowPrivilegeEscalation != nil || sc.ProcMount != nil || sc.RunAsUser != nil || sc.RunAsGroup != nil)
}
