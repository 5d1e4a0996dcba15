package validators

import (
	"math/rand/v2"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
)

// FuzzInjectionProblem: any pod (containers, native sidecars and init containers with
// any mix of requests and limits, pod-level resources, overhead, out-of-range values),
// any container at any place, any of the fuzz profiles: InjectionProblem answers as the
// reference and leaves the pod as it was.
func FuzzInjectionProblem(f *testing.F) {
	for _, seed := range [][]byte{
		nil,
		{0, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10},
		{1, 4, 3, 0xff, 0x10, 0x22, 0x31, 0x47, 0x52, 0x66, 0x75, 0x81, 0x99},
		{2, 1, 1, 0x81, 0x03, 0x05, 0x07, 0x09, 0x0b, 0x0d},
		{5, 3, 2, 0xc1, 0xaa, 0x55, 0x0f, 0xf0, 0x33, 0xcc, 0x12, 0x34},
	} {
		f.Add(seed)
	}
	c := fuzzProfiles()
	f.Fuzz(func(t *testing.T, data []byte) { checkInjectionProblem(t, c, data) })
}

// TestInjectionProblemMatchesReferenceRandom runs the fuzz target's check on 5,000
// pseudo-random inputs (fixed seed), so every `go test` covers far more than the seeds.
func TestInjectionProblemMatchesReferenceRandom(t *testing.T) {
	c := fuzzProfiles()
	r := rand.New(rand.NewPCG(12, 753))
	data := make([]byte, 96)
	problems := 0
	for range 5000 {
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		if checkInjectionProblem(t, c, data) != "" {
			problems++
		}
		if t.Failed() {
			return
		}
	}
	if problems < 250 {
		t.Fatalf("only %d of 5000 random injections broke a profile: the generator no longer exercises the check", problems)
	}
	t.Logf("%d of 5000 random injections broke a profile", problems)
}

// checkInjectionProblem builds a question from data, asks both and compares.
func checkInjectionProblem(t *testing.T, c *Config, data []byte) string {
	t.Helper()
	g := &gen{data: data}
	profile := fuzzProfileNames[g.next()%len(fuzzProfileNames)]
	w := g.question()
	orig := w.Pod.DeepCopy()
	got := c.InjectionProblem(profile, w)
	want := c.referenceInjectionProblem(profile, w.Pod, WithPod(w), w.Extra.Name)
	if got != want {
		t.Fatalf("profile %s, container %s at init=%v index %d of pod\n%+v\n got  %q\n want %q",
			profile, w.Extra.Name, w.Init, w.At, w.Pod.Spec, got, want)
	}
	if !equality.Semantic.DeepEqual(orig, w.Pod) {
		t.Fatal("InjectionProblem changed the pod")
	}
	return got
}

var fuzzProfileNames = []string{"pod-max", "pod-min", "container", "mixed", "exempt", "sidecars", "standard", "empty", "undefined"}

// fuzzProfiles are profiles with every kind of rule InjectionProblem judges.
func fuzzProfiles() *Config {
	q := func(s string) *resource.Quantity { v := resource.MustParse(s); return &v }
	return &Config{Profiles: map[string]Profile{
		"pod-max": {Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceCPU:    {Requests: Requirement{PodMax: q("1")}, Limits: Requirement{PodMax: q("2")}},
			corev1.ResourceMemory: {Requests: Requirement{PodMax: q("1Gi")}, Limits: Requirement{PodMax: q("2Gi")}},
		}},
		"pod-min": {Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceCPU:    {Requests: Requirement{PodMin: q("500m")}},
			corev1.ResourceMemory: {Limits: Requirement{PodMin: q("256Mi")}},
		}},
		"container": {Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceCPU:    {Requests: Requirement{Required: true, Min: q("100m"), Max: q("1")}, MaxLimitRequestRatio: q("2")},
			corev1.ResourceMemory: {Limits: Requirement{Required: true, Max: q("1Gi")}},
		}},
		"mixed": {Resources: map[corev1.ResourceName]ResourceRule{
			"hugepages-2Mi":       {Limits: Requirement{PodMax: q("64Mi")}, Requests: Requirement{PodMin: q("2Mi")}},
			"example.com/gpu":     {Requests: Requirement{PodMax: q("1")}, Limits: Requirement{PodMax: q("2"), Required: true}},
			corev1.ResourceCPU:    {Requests: Requirement{PodMax: q("1500m"), Min: q("50m")}, Limits: Requirement{PodMin: q("1")}},
			corev1.ResourceMemory: {Requests: Requirement{PodMax: q("768Mi")}, MaxLimitRequestRatio: q("1.5")},
		}},
		"exempt": {Exempt: Exemptions{Containers: []string{"inj"}}, Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceCPU: {Requests: Requirement{Required: true, PodMax: q("2")}, Limits: Requirement{Max: q("1")}},
		}},
		"sidecars": {Exempt: Exemptions{InjectedSidecars: true}, Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceMemory: {Requests: Requirement{Required: true, PodMax: q("1Gi")}, Limits: Requirement{PodMax: q("1Gi")}},
		}},
		"standard": {Exempt: Exemptions{InjectedSidecars: true}, Resources: map[corev1.ResourceName]ResourceRule{
			corev1.ResourceCPU:    {Requests: Requirement{Required: true}},
			corev1.ResourceMemory: {Requests: Requirement{Required: true}},
		}},
		"empty": {},
	}}
}
