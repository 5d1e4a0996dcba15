package validators_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

// profileYAML decodes, defaults and validates one profile written as YAML; a profile
// that does not validate fails the test (the tables only use valid profiles).
func profileYAML(t testing.TB, doc string) validators.Profile {
	t.Helper()
	var p validators.Profile
	if err := yaml.UnmarshalStrict([]byte(doc), &p); err != nil {
		t.Fatalf("profile: %v", err)
	}
	p.Default()
	if errs := p.Validate(nil); len(errs) > 0 {
		t.Fatalf("profile does not validate: %v", errs)
	}
	return p
}

// podYAML decodes a pod written as YAML (metadata and spec).
func podYAML(t testing.TB, doc string) *corev1.Pod {
	t.Helper()
	pod := &corev1.Pod{}
	if err := yaml.UnmarshalStrict([]byte(doc), pod); err != nil {
		t.Fatalf("pod: %v", err)
	}
	return pod
}

// chainFor returns the standard chain over one profile named "test".
func chainFor(p validators.Profile, opts validators.Options) *validators.Chain {
	return validators.New(validators.Config{Profiles: map[string]validators.Profile{"test": p}}, opts)
}

// requestIn is a request for pod in namespace ns labelled with profile (and mode, when set).
func requestIn(ns, profile, mode string, pod *corev1.Pod) *validators.Request {
	labels := map[string]string{mutators.LabelProfile: profile}
	if mode != "" {
		labels[validators.LabelProfileMode] = mode
	}
	return &validators.Request{Pod: pod, Namespace: mutators.Namespace{Name: ns, Labels: labels}}
}

// violationStrings renders every violation as users read it.
func violationStrings(r validators.Result) []string {
	out := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		out[i] = v.String()
	}
	return out
}
