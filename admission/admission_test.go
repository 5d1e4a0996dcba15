package admission_test

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

const testConfig = `
sidecars:
  helper: {container: {image: helper:1}}
profiles:
  strict:
    resources: {cpu: {requests: {required: true}}}
`

func pipeline(t *testing.T) *admission.Pipeline {
	t.Helper()
	cfg, err := config.Parse("test", []byte(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	return admission.Compose(cfg, admission.Deps{})
}

func pod(annotations map[string]string) *corev1.Pod {
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "team", Annotations: annotations},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "app:1"}}}}
}

var injectNS = mutators.Namespace{Name: "team", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}

// TestMutatePod: the decision carries the mutated copy and its patch; the input pod is
// never changed (handlers and the CLI keep using it).
func TestMutatePod(t *testing.T) {
	p := pipeline(t)
	in := pod(map[string]string{mutators.AnnotationSidecars: "helper"})
	orig := in.DeepCopy()
	m, err := p.MutatePod(in, injectNS)
	if err != nil || m.Denied() {
		t.Fatalf("err %v, denial %q", err, m.Denial)
	}
	if !equality.Semantic.DeepEqual(in, orig) {
		t.Error("MutatePod changed its input pod")
	}
	if len(m.Pod.Spec.InitContainers) != 1 || m.Patch == nil || len(m.Report.Injected) != 1 {
		t.Errorf("sidecar not injected: patch %s, report %+v", m.Patch, m.Report)
	}
	again, err := p.MutatePod(m.Pod, injectNS)
	if err != nil || again.Patch != nil {
		t.Errorf("second pass: patch %s, err %v", again.Patch, err)
	}
}

// TestMutatePodDenial: a denied pod has no patch and one message naming every problem.
func TestMutatePodDenial(t *testing.T) {
	m, err := pipeline(t).MutatePod(pod(map[string]string{
		mutators.AnnotationSidecars: "Not_A_Name", mutators.AnnotationPreStop: "forever"}), injectNS)
	if err != nil || !m.Denied() || m.Patch != nil {
		t.Fatalf("err %v, denied %v, patch %s", err, m.Denied(), m.Patch)
	}
	for _, want := range []string{"podpatterns denied the pod: ", mutators.AnnotationSidecars, mutators.AnnotationPreStop} {
		if !strings.Contains(m.Denial, want) {
			t.Errorf("denial %q lacks %q", m.Denial, want)
		}
	}
}

// TestValidatePod: the answer is the result in its mode's form, and metric labels only
// carry profiles the config defines.
func TestValidatePod(t *testing.T) {
	p := pipeline(t)
	ns := mutators.Namespace{Name: "team", Labels: map[string]string{mutators.LabelProfile: "strict"}}
	v := p.ValidatePod(pod(nil), ns)
	if v.Answer.Allowed || len(v.Violations) != 1 || v.Violations[0].Rule != validators.RuleRequestsRequired {
		t.Fatalf("validation %+v", v)
	}
	if v.Answer.Message != validators.DenialMessage(v.Result) {
		t.Errorf("answer %q is not the result's denial", v.Answer.Message)
	}
	if p.KnownProfile("strict") != "strict" || p.KnownProfile("typo") != "unknown" {
		t.Error("KnownProfile lets unknown names through")
	}
	if p.Revision() != p.Config.Revision || p.Revision() == "" {
		t.Errorf("revision %q", p.Revision())
	}
}
