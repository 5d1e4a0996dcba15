package admission_test

import (
	"os"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/resourcequota"
)

func quantities(pairs ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(pairs); i += 2 {
		out[corev1.ResourceName(pairs[i])] = resource.MustParse(pairs[i+1])
	}
	return out
}

// shipped composes examples/config.yaml, the config the users start from.
func shipped(t *testing.T, deps admission.Deps) *admission.Pipeline {
	t.Helper()
	data, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("examples/config.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return admission.Compose(cfg, deps)
}

// TestTemplateJudgedAsLimitRangerDefaultsIt: a Deployment whose template sets no
// resources, in a namespace whose LimitRange defaults every container to equal requests
// and limits, gets the decision its pods get: the shipped guaranteed profile (workloadMode
// enforce) admits it, where without the LimitRange it denies it.
func TestTemplateJudgedAsLimitRangerDefaultsIt(t *testing.T) {
	lr := &corev1.LimitRange{ObjectMeta: metav1.ObjectMeta{Name: "defaults", Namespace: "team"}, Spec: corev1.LimitRangeSpec{
		Limits: []corev1.LimitRangeItem{{Type: corev1.LimitTypeContainer, Default: quantities("cpu", "500m", "memory", "256Mi")}}}}
	ns := mutators.Namespace{Name: "team", Labels: map[string]string{mutators.LabelProfile: "guaranteed"}}
	at := field.NewPath("spec", "template")
	bare := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "team"}, Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Name: "app", Image: "app:1", ReadinessProbe: &corev1.Probe{}}}}}
	without, err := shipped(t, admission.Deps{}).CheckTemplate(bare.DeepCopy(), nil, ns, at)
	if err != nil || without.Outcome != admission.TemplateDenied {
		t.Fatalf("without a LimitRange: outcome %s, err %v; want denied (the control)", without.Outcome, err)
	}
	with, err := shipped(t, admission.Deps{LimitRanges: limitrange.Static{lr}}).CheckTemplate(bare.DeepCopy(), nil, ns, at)
	if err != nil || with.Outcome == admission.TemplateDenied || with.Outcome == admission.TemplateWouldDeny {
		t.Fatalf("with the LimitRange: outcome %s (%s %q), err %v; its pods are admitted", with.Outcome, with.Denial, with.Warnings, err)
	}
	if bare.Spec.Containers[0].Resources.Limits != nil {
		t.Error("CheckTemplate wrote the template")
	}
}

// TestQuotaWarning: injecting past what a ResourceQuota has left is a warning naming
// the quota and the resource, never a denial nor a skip.
func TestQuotaWarning(t *testing.T) {
	q := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "compute", Namespace: "team"},
		Status: corev1.ResourceQuotaStatus{Hard: quantities("requests.memory", "1Gi"), Used: quantities("requests.memory", "990Mi")}}
	p := shipped(t, admission.Deps{ResourceQuotas: resourcequota.Static{q}})
	in := pod(map[string]string{mutators.AnnotationSidecars: "log-shipper"})
	in.Spec.Containers[0].Resources.Requests = quantities("cpu", "10m", "memory", "16Mi")
	m, err := p.MutatePod(in, injectNS)
	if err != nil || m.Denied() || len(m.Report.Injected) != 1 {
		t.Fatalf("err %v, denial %q, report %+v", err, m.Denial, m.Report)
	}
	if len(m.Report.Warnings) != 1 || !strings.Contains(m.Report.Warnings[0], "requests.memory") || !strings.Contains(m.Report.Warnings[0], "ResourceQuota compute") {
		t.Errorf("warnings %q, want one naming requests.memory and the quota", m.Report.Warnings)
	}
}
