package validators_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// TestAnswerIsBoundedForAHugePod: a pod of 20,000 containers, each breaking the profile,
// gets an answer of bounded size in every mode — the first MaxListedViolations
// violations (MaxWarnings warnings) in their stable order, then "and N more" — with
// exactly this text.
func TestAnswerIsBoundedForAHugePod(t *testing.T) {
	cfg, err := config.Parse("bounds", []byte("profiles:\n  p:\n    resources:\n      cpu: {requests: {required: true}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	chain := validators.New(cfg.Validators, validators.Options{})
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "huge"}}
	for i := range 20000 {
		pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: fmt.Sprintf("c%d", i), Image: "app"})
	}
	violation := func(i int) string {
		return fmt.Sprintf("spec.containers[%d].resources.requests[cpu] (requests-required): not set (every container must request cpu)", i)
	}
	audit := func(i int) string {
		return fmt.Sprintf("spec.containers[%d].resources.requests[cpu]: not set (every container must request cpu)", i)
	}
	var denial, warnings, audits []string
	for i := range 20 {
		denial = append(denial, violation(i))
		audits = append(audits, audit(i))
	}
	for i := range 9 {
		warnings = append(warnings, `podpatterns profile "p": `+violation(i))
	}
	want := map[validators.Mode]validators.Response{
		validators.ModeEnforce: {Message: `podpatterns profile "p" denied the pod (20000 violations): ` +
			strings.Join(denial, "; ") + "; and 19980 more violations"},
		validators.ModeWarn: {Allowed: true, Warnings: append(warnings, `podpatterns profile "p": and 19991 more violations`)},
		validators.ModeAudit: {Allowed: true, AuditAnnotations: map[string]string{
			"profile": "p", "requests-required": strings.Join(audits, "; ") + "; and 19980 more violations"}},
	}
	for mode, want := range want {
		t.Run(string(mode), func(t *testing.T) {
			ns := mutators.Namespace{Name: "ns", Labels: map[string]string{mutators.LabelProfile: "p", validators.LabelProfileMode: string(mode)}}
			start := time.Now()
			got := chain.Validate(&validators.Request{Pod: pod, Namespace: ns}).Response()
			t.Logf("20,000 containers judged and answered in %s", time.Since(start))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWarningsFitTheAPIServerBudget: long warnings are cut by their total length before
// their count, so the apiserver never truncates them (it cuts every warning to 256 runes
// once a request's warnings pass 4 Ki runes).
func TestWarningsFitTheAPIServerBudget(t *testing.T) {
	res := validators.Result{Profile: "p", Mode: validators.ModeWarn}
	for i := range 6 {
		res.Violations = append(res.Violations, validators.Violation{Rule: "pod-max",
			Error: field.Invalid(field.NewPath("spec"), i, strings.Repeat("x", 600))})
	}
	got := validators.Warnings(res)
	total := 0
	for _, w := range got {
		total += utf8.RuneCountInString(w)
	}
	want := []string{
		`podpatterns profile "p": spec (pod-max): ` + strings.Repeat("x", 600),
		`podpatterns profile "p": spec (pod-max): ` + strings.Repeat("x", 600),
		`podpatterns profile "p": spec (pod-max): ` + strings.Repeat("x", 600),
		`podpatterns profile "p": and 3 more violations`,
	}
	if diff := cmp.Diff(want, got); diff != "" || total > validators.WarningRunes {
		t.Errorf("%d runes (at most %d); warnings (-want +got):\n%s", total, validators.WarningRunes, diff)
	}
}
