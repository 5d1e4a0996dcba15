package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// prioritizedProfile is a profile the PriorityClass test adds to the config: its only
// rule is a default class, which does not exist when the test starts.
const prioritizedProfile = "prioritized"

// TestPriorityClassCreatedAtRuntime: PriorityClasses come from the server's informer
// cache, never from an API call per request. A profile's default class that does not
// exist yet is skipped with a warning (naming it would make the apiserver reject the
// pod); once the class is created, the next pods get it — name, value and preemption
// policy, which the apiserver's Priority plugin re-checks after our patch. The time
// until the informer has it is logged. Sequential: it adds a profile to the config.
func TestPriorityClassCreatedAtRuntime(t *testing.T) {
	class := "e2e-late-" + randomSuffix()
	useConfig(t, withProfile(t, suite.DefaultConfig, prioritizedProfile, map[string]any{
		"mode": "enforce", "priorityClasses": map[string]any{"default": class},
	}))
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	ns := profileNamespace(t, prioritizedProfile, "")

	before, warnings := mustCreatePod(t, ns, podInNamespace("before", nil))
	if before.Spec.PriorityClassName != "" {
		t.Errorf("before the class exists the pod got priorityClassName %q", before.Spec.PriorityClassName)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], string(mutators.SkipClassNotFound)) || !strings.Contains(warnings[0], class) {
		t.Errorf("warnings %q, want one saying default class %s is not found", warnings, class)
	}

	pc := &schedulingv1.PriorityClass{
		ObjectMeta:       metav1.ObjectMeta{Name: class},
		Value:            4242,
		PreemptionPolicy: ptr.To(corev1.PreemptNever),
	}
	created := time.Now()
	if _, err := suite.Client.SchedulingV1().PriorityClasses().Create(ctxFor(t), pc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = suite.Client.SchedulingV1().PriorityClasses().Delete(ctxFor(t), class, metav1.DeleteOptions{})
	})
	attempts := 0
	eventually(t, 10*time.Second, "the next pod gets the new default class", func() (bool, string) {
		attempts++
		got, _, err := createPod(t, ns, podInNamespace(fmt.Sprintf("after-%d", attempts), nil), metav1.CreateOptions{})
		if err != nil {
			return false, err.Error()
		}
		spec := got.Spec
		ok := spec.PriorityClassName == class && ptr.Deref(spec.Priority, 0) == pc.Value &&
			ptr.Deref(spec.PreemptionPolicy, "") == corev1.PreemptNever
		return ok, fmt.Sprintf("class %q priority %v preemption %v", spec.PriorityClassName, ptr.Deref(spec.Priority, 0), ptr.Deref(spec.PreemptionPolicy, ""))
	})
	t.Logf("the default class was applied %s after it was created (%d pod(s) created)", since(created), attempts)
}

// TestPriorityClassValueJudgedFromCache: a class created at runtime is judged by its
// value from the informer cache: the guaranteed profile caps values at 1000000, so a pod
// naming a bigger class is denied for its value (not for a missing class, once the cache
// has it).
func TestPriorityClassValueJudgedFromCache(t *testing.T) {
	t.Parallel()
	class := "e2e-huge-" + randomSuffix()
	pcs := suite.Client.SchedulingV1().PriorityClasses()
	if _, err := pcs.Create(ctxFor(t), &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: class}, Value: 2_000_000}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pcs.Delete(ctxFor(t), class, metav1.DeleteOptions{}) })
	ns := profileNamespace(t, "guaranteed", validators.ModeEnforce)
	pod := podInNamespace("too-important", nil)
	pod.Spec.Containers[0].Resources = guaranteedResources()
	pod.Spec.PriorityClassName = class
	var last error
	eventually(t, 10*time.Second, "the class's value is judged", func() (bool, string) {
		_, _, last = createPod(t, ns, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return last != nil && strings.Contains(last.Error(), "("+string(validators.RulePriorityClassValue)+")"), fmt.Sprint(last)
	})
	assertDenied(t, last, cluster.WebhookProfiles, []string{class})
}

// withProfile returns config with one more profile (comments are lost; keys are kept).
func withProfile(t *testing.T, config []byte, name string, profile map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(config, &doc); err != nil {
		t.Fatal(err)
	}
	profiles, _ := doc["profiles"].(map[string]any)
	if profiles == nil {
		profiles = map[string]any{}
	}
	profiles[name] = profile
	doc["profiles"] = profiles
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
