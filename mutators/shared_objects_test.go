package mutators_test

import (
	"encoding/json"
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestChainLeavesSharedObjectsAlone: injected objects are not copied per pod: env vars
// (their ValueFrom), the config-template renderer's args, mounts and security context
// and the Downward API volume's fixed items are shared by the config (or the package's
// prebuilt values) and every pod they go into. So no mutator and no patch writer may
// write into them. Every golden case, in every namespace of the doors table, goes
// through MutatePod (chain and patch), then a second pass of the chain on the mutated
// pod in place (it edits the containers the first pass injected), and so does the
// harness's all-patterns pod with and without a profile; afterwards the config and the
// prebuilt objects must be as they were.
func TestChainLeavesSharedObjectsAlone(t *testing.T) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		t.Fatal(err)
	}
	doors, err := mutatorstest.Doors("..", cases)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range doors {
		p, err := d.Pipeline()
		if err != nil {
			t.Fatalf("%s: %v", d.Case.Name, err)
		}
		checkShared(t, d.Case.Name+" in "+d.Name(), p, d.Case.Pod(), d.Namespace)
	}
	data, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("examples/config.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	p := admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:test"})
	for _, profile := range []string{"", "standard", "guaranteed"} {
		ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
		if profile != "" {
			ns.Labels[mutators.LabelProfile] = profile
		}
		checkShared(t, "all patterns, profile "+profile, p, allPatternsPod(), ns)
	}
}

// checkShared runs pod through p twice and fails when the config or the prebuilt
// objects changed.
func checkShared(t *testing.T, name string, p *admission.Pipeline, pod *corev1.Pod, ns mutators.Namespace) {
	t.Helper()
	before := sharedSnapshot(t, p)
	m, err := p.MutatePod(pod, ns)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !m.Denied() {
		p.Mutators.Mutate(mutators.NewRequest(m.Pod, ns))
	}
	if after := sharedSnapshot(t, p); after != before {
		t.Errorf("%s: the chain or the patch changed a shared injected object:\nbefore %s\nafter  %s", name, before, after)
	}
}

// sharedSnapshot is the JSON of the pipeline's mutator config and the prebuilt objects.
func sharedSnapshot(t *testing.T, p *admission.Pipeline) string {
	t.Helper()
	data, err := json.Marshal([]any{p.Config.Mutators, mutators.SharedObjects()})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// allPatternsPod is the performance harness's two-container pod selecting every pattern
// of examples/config.yaml (admission's BenchmarkChainAndPatch).
func allPatternsPod() *corev1.Pod {
	res := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
		Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"), corev1.ResourceMemory: resource.MustParse("512Mi")},
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{GenerateName: "web-", Namespace: "shop", Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{
				mutators.AnnotationSidecars: "log-shipper", mutators.AnnotationAdapters: "prometheus-exporter",
				mutators.AnnotationAmbassadors: "redis", mutators.AnnotationConfigTemplate: "nginx",
				mutators.AnnotationDownwardAPI: "true", mutators.AnnotationPreStop: "true",
			}},
		Spec: corev1.PodSpec{ServiceAccountName: "web", Containers: []corev1.Container{
			{Name: "nginx", Image: "nginx:1.27", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, Resources: res},
			{Name: "app", Image: "shop/web:1.4.2", Resources: res, Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"}}},
		}},
	}
}
