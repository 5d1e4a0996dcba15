package e2e

import (
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// guaranteedPod asks for cpu and memory with requests equal to limits.
func guaranteedPod(name, cpu string) *corev1.Pod {
	pod := podInNamespace(name, nil)
	res := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse("256Mi")}
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{Requests: res, Limits: res.DeepCopy()}
	return pod
}

// TestResizePastTheProfileMax: a pod created within the guaranteed profile
// (examples/config.yaml: cpu limit at most 8 per container) and then resized in place
// (UPDATE of pods/resize) to 9 cores is denied in enforce mode and admitted with the
// violation as a warning in warn mode: the profile cannot be bypassed after creation.
func TestResizePastTheProfileMax(t *testing.T) {
	t.Parallel()
	for _, mode := range []validators.Mode{validators.ModeEnforce, validators.ModeWarn} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			ns := profileNamespace(t, "guaranteed", mode)
			created, warnings := mustCreatePod(t, ns, guaranteedPod("resized", "1"))
			if len(warnings) > 0 {
				t.Fatalf("the compliant pod was warned about: %q", warnings)
			}
			resized := created.DeepCopy()
			nine := resource.MustParse("9")
			resized.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU] = nine
			resized.Spec.Containers[0].Resources.Limits[corev1.ResourceCPU] = nine.DeepCopy()
			pods, rec := podClient(t, ns)
			_, err := pods.UpdateResize(ctxFor(t), created.Name, resized, metav1.UpdateOptions{})
			const rule = "(" + string(validators.RuleContainerMax) + ")"
			switch mode {
			case validators.ModeEnforce:
				prefix := fmt.Sprintf("admission webhook %q denied the request: ", cluster.WebhookProfiles)
				if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), rule) {
					t.Fatalf("resize past the max: err %v, want a %s denial from %s", err, rule, cluster.WebhookProfiles)
				}
			case validators.ModeWarn:
				if err != nil {
					t.Fatalf("warn mode must admit the resize: %v", err)
				}
				if w := rec.List(); len(w) != 1 || !strings.Contains(w[0], rule) {
					t.Fatalf("warnings %q, want one %s warning", w, rule)
				}
			}
			t.Logf("%s: err %v, warnings %q", mode, err, rec.List())
		})
	}
}
