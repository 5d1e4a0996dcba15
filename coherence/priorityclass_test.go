package coherence_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// TestDefaultPriorityClassNeverBreaksItsProfile: a profile whose default class breaks
// its own rules (value above maxValue, or a class its selector does not admit) never
// gets a pod denied for the class the mutating webhook chose: the defaulter refuses it
// with a warning naming the rule.
func TestDefaultPriorityClassNeverBreaksItsProfile(t *testing.T) {
	cfg, err := config.Parse("profiles", []byte(`
profiles:
  capped:
    priorityClasses: {default: gold, maxValue: 1000}
  selected:
    priorityClasses: {default: gold, selector: {matchLabels: {tier: silver}}}
  fine:
    priorityClasses: {default: silver, maxValue: 1000}
`))
	if err != nil {
		t.Fatal(err)
	}
	classes := validators.NewStaticPriorityClasses(
		&schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "gold", Labels: map[string]string{"tier": "gold"}}, Value: 100000},
		&schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "silver", Labels: map[string]string{"tier": "silver"}}, Value: 100},
	)
	mut, val := coherence.Chains(cfg.Mutators, cfg.Validators, "", classes)
	for profile, wantClass := range map[string]string{"capped": "", "selected": "", "fine": "silver"} {
		t.Run(profile, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p"}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "a"}}}}
			v := coherence.MutateThenValidate(mut, val, pod, coherence.InNamespace(mutators.Namespace{Name: "ns"}, profile))
			if msg := v.Broken(); msg != "" {
				t.Error(msg)
			}
			if got := v.Mutated.Spec.PriorityClassName; got != wantClass {
				t.Errorf("priorityClassName %q, want %q", got, wantClass)
			}
			if wantClass == "" && len(v.Report.Warnings) == 0 {
				t.Error("the refused default class is not explained in a warning")
			}
			t.Logf("warnings: %q", v.Report.Warnings)
		})
	}
}
