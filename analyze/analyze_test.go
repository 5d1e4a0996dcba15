package analyze

import (
	"os"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// pipeline is the example config with one more template that meets only privileged.
func pipeline(t *testing.T) *admission.Pipeline {
	t.Helper()
	data, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "sidecars:\n", "sidecars:\n  root-helper:\n    container:\n      image: registry.example.com/root:1.0\n      securityContext: {privileged: true}\n", 1))
	cfg, err := config.Parse("test", data)
	if err != nil {
		t.Fatal(err)
	}
	return admission.Compose(cfg, admission.Deps{})
}

func codes(fs []Finding) map[Code]int {
	out := map[Code]int{}
	for _, f := range fs {
		out[f.Code]++
	}
	return out
}

// TestNamespaceFindings: a profile the config lacks, an invalid mode, a default naming an
// unknown template and a default template the namespace's enforced Pod Security level
// refuses are each one error; a clean opted-in namespace has none.
func TestNamespaceFindings(t *testing.T) {
	p := pipeline(t)
	broken := mutators.Namespace{Name: "broken", Labels: map[string]string{
		mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "nope", "podpatterns.io/profile-mode": "strict",
		"pod-security.kubernetes.io/enforce": "restricted",
	}, Annotations: map[string]string{mutators.AnnotationSidecars: "root-helper,no-such-helper"}}
	fs, _, err := Namespace(p, broken)
	if err != nil {
		t.Fatal(err)
	}
	got := codes(fs)
	for _, c := range []Code{CodeUnknownProfile, CodeInvalidMode, Code(mutators.SkipPodSecurity)} {
		if got[c] != 1 {
			t.Errorf("code %s: %d findings, want 1: %+v", c, got[c], fs)
		}
	}
	if got[Code(mutators.SkipUnknownTemplate)]+got[Code(mutators.SkipInvalidDefault)] != 1 {
		t.Errorf("the unknown default template is not reported once: %+v", fs)
	}
	if Errors(fs) != len(fs) {
		t.Errorf("every finding here is an error: %+v", fs)
	}
	clean := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard",
		"pod-security.kubernetes.io/enforce": "restricted"}, Annotations: map[string]string{mutators.AnnotationSidecars: "log-shipper"}}
	if fs, _, err := Namespace(p, clean); err != nil || len(fs) != 0 {
		t.Errorf("clean namespace: %+v %v", fs, err)
	}
}

// TestWorkloadFindings: a template naming an unknown template is an error on the
// workload; what the namespace's defaults already cause is not repeated per workload; a
// template whose next pod the profile denies is an error.
func TestWorkloadFindings(t *testing.T) {
	p := pipeline(t)
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"},
		Annotations: map[string]string{mutators.AnnotationSidecars: "no-such-helper"}}
	_, nsSkips, err := Namespace(p, ns)
	if err != nil {
		t.Fatal(err)
	}
	pod := probePod("shop")
	pod.Annotations = map[string]string{mutators.AnnotationAdapters: "no-such-exporter"}
	pod.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: mustQ("100m"), corev1.ResourceMemory: mustQ("64Mi")}
	fs, err := Workload(p, "shop/Deployment/web", pod, ns, nsSkips)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Object != "shop/Deployment/web" || !strings.Contains(fs[0].Message, "no-such-exporter") {
		t.Errorf("want only the workload's own unknown template: %+v", fs)
	}
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{} // standard requires requests
	fs, _ = Workload(p, "shop/Deployment/web", pod, ns, nsSkips)
	if codes(fs)[CodeDenied] != 1 {
		t.Errorf("a template whose pods the profile denies: %+v", fs)
	}
}

// TestWebhookFindings: a missing configuration and a webhook without a CA bundle are
// errors; a filled one is fine.
func TestWebhookFindings(t *testing.T) {
	fs := Webhooks([]WebhookConfig{
		{Kind: "MutatingWebhookConfiguration", Name: "podpatterns"},
		{Kind: "ValidatingWebhookConfiguration", Name: "podpatterns", Webhooks: map[string]admissionregistrationv1.WebhookClientConfig{
			"profiles.podpatterns.io": {}, "ok.podpatterns.io": {CABundle: []byte("pem")}}},
	})
	if got := codes(fs); len(fs) != 2 || got[CodeWebhookMissing] != 1 || got[CodeWebhookNoCABundle] != 1 {
		t.Errorf("%+v", fs)
	}
}
