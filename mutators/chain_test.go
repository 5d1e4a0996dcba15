package mutators_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// recorder is a test mutator that records that it ran.
type recorder struct {
	name string
	ran  *[]string
}

func (r recorder) Name() string { return r.name }
func (r recorder) Mutate(req *mutators.Request) {
	*r.ran = append(*r.ran, r.name)
	req.Report.Inject(mutators.PatternSidecar, r.name)
}

// TestChainRunsInjectorsOnlyInOptedInNamespaces: pods of namespaces that only name a
// profile (sent by the defaults.podpatterns.io webhook entry) get the defaulters, never
// an injected container, whatever their annotations ask for.
func TestChainRunsInjectorsOnlyInOptedInNamespaces(t *testing.T) {
	cases := []struct {
		name   string
		labels map[string]string
		podAnn map[string]string
		want   []string
	}{
		{"opted in", map[string]string{mutators.LabelInject: mutators.InjectEnabled}, nil, []string{"defaulter", "injector"}},
		{"profile only", map[string]string{mutators.LabelProfile: "standard"}, map[string]string{mutators.AnnotationSidecars: "log-shipper"}, []string{"defaulter"}},
		{"inject label with another value", map[string]string{mutators.LabelInject: "disabled"}, nil, []string{"defaulter"}},
		{"pod opted out", map[string]string{mutators.LabelInject: mutators.InjectEnabled}, map[string]string{mutators.AnnotationInject: "false"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ran []string
			chain := mutators.NewChain("rev", recorder{"injector", &ran}).WithDefaulters(recorder{"defaulter", &ran})
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Annotations: tc.podAnn}}
			chain.Mutate(mutators.NewRequest(pod, mutators.Namespace{Name: "ns", Labels: tc.labels}))
			if len(ran) != len(tc.want) {
				t.Fatalf("ran %v, want %v", ran, tc.want)
			}
			for i := range ran {
				if ran[i] != tc.want[i] {
					t.Fatalf("ran %v, want %v", ran, tc.want)
				}
			}
		})
	}
}
