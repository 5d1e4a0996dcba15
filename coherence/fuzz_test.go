package coherence_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/coherence"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// classicHelpers adds classic templates to the examples' ones, so the fuzzer reaches the
// classic-helper lifecycle rules too.
const classicHelpers = `
  classic-proxy:
    kind: ambassador
    native: false
    container:
      image: registry.example.com/proxy:1.0
      resources:
        requests: {cpu: 20m, memory: 32Mi}
        limits: {cpu: 40m, memory: 32Mi}
    appEnv:
    - {name: PROXY_ADDR, value: "localhost:15001"}
`

// FuzzMutateThenValidate: random pods and annotations, under every shipped profile. A pod
// that satisfies the profile as submitted satisfies it after mutation (Coherence), and
// every mutated pod keeps the Lifecycle invariant.
func FuzzMutateThenValidate(f *testing.F) {
	examples, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		f.Fatal(err)
	}
	cfg, err := config.Parse("fuzz", withClassicTemplate(examples))
	if err != nil {
		f.Fatal(err)
	}
	sources, err := coherence.ShippedProfiles("..")
	if err != nil {
		f.Fatal(err)
	}
	// Every pattern but the opt-out on a burstable-shaped pod; a classic proxy next to
	// an app with its own 15 s preStop sleep; then assorted shapes.
	f.Add(uint16(0x041f), uint16(100), uint16(200), uint16(128), uint16(128), uint8(0), "true")
	f.Add(uint16(0x0420), uint16(300), uint16(300), uint16(256), uint16(256), uint8(0x34), "20")
	f.Add(uint16(0xffff), uint16(100), uint16(200), uint16(128), uint16(128), uint8(0), "true")
	f.Add(uint16(0x00ff), uint16(500), uint16(500), uint16(512), uint16(512), uint8(3), "45")
	f.Add(uint16(0x0f0f), uint16(0), uint16(300), uint16(0), uint16(256), uint8(12), "false")
	f.Add(uint16(0x1234), uint16(10), uint16(40), uint16(64), uint16(128), uint8(0x55), "60")
	f.Add(uint16(0x0101), uint16(3999), uint16(3999), uint16(4095), uint16(4095), uint8(0xff), "junk")
	// Two Guaranteed containers at the guaranteed profile's pod-level maximums with a
	// sidecar, an adapter and a config template: none fits.
	f.Add(uint16(0x000b), uint16(8000), uint16(8000), uint16(32768), uint16(32768), uint8(0x11), "true")
	f.Fuzz(func(t *testing.T, pick, cpuReq, cpuLim, memReq, memLim uint16, flags uint8, prestop string) {
		pod := fuzzPod(pick, flags, prestop, fuzzResources(cpuReq, cpuLim, memReq, memLim))
		for _, src := range sources {
			mut, val := coherence.Chains(cfg.Mutators, src.Config.Validators, "podpatterns:fuzz", nil)
			for name := range src.Config.Profiles {
				ns := coherence.InNamespace(mutators.Namespace{Name: "ns", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}, name)
				v := coherence.MutateThenValidate(mut, val, pod, ns)
				if msg := v.Broken(); msg != "" {
					t.Fatalf("%s/%s: %s\npod annotations %v", src.Name, name, msg, pod.Annotations)
				}
				if msg := coherence.LifecycleBroken(cfg.Mutators, v.Mutated); msg != "" {
					t.Fatalf("%s/%s: %s", src.Name, name, msg)
				}
			}
		}
	})
}

// withClassicTemplate inserts classicHelpers under the config's `sidecars:` key.
func withClassicTemplate(cfg []byte) []byte {
	const key = "sidecars:\n"
	s := string(cfg)
	i := strings.Index(s, "\n"+key)
	if i < 0 {
		panic("no sidecars: key in examples/config.yaml")
	}
	i += 1 + len(key)
	return []byte(s[:i] + classicHelpers[1:] + s[i:])
}

// fuzzResources turns fuzz numbers into requests and limits: 0 leaves the value unset;
// cpu up to 8 cores and memory up to 32 GiB per container (the guaranteed profile's
// per-container maximums), so two app containers reach its pod-level maximums (16, 64Gi)
// exactly, where any injected container would push the pod over them.
func fuzzResources(cpuReq, cpuLim, memReq, memLim uint16) corev1.ResourceRequirements {
	r := corev1.ResourceRequirements{Requests: corev1.ResourceList{}, Limits: corev1.ResourceList{}}
	set := func(l corev1.ResourceList, name corev1.ResourceName, v uint16, unit string, mod uint16) {
		if v%mod != 0 {
			l[name] = resource.MustParse(fmt.Sprintf("%d%s", v%mod, unit))
		}
	}
	set(r.Requests, corev1.ResourceCPU, cpuReq, "m", 8001)
	set(r.Limits, corev1.ResourceCPU, cpuLim, "m", 8001)
	set(r.Requests, corev1.ResourceMemory, memReq, "Mi", 32769)
	set(r.Limits, corev1.ResourceMemory, memLim, "Mi", 32769)
	return r
}

// fuzzAnnotations are the annotations pick's bits switch on, in bit order.
var fuzzAnnotations = []struct{ key, value string }{
	{mutators.AnnotationSidecars, "log-shipper"},
	{mutators.AnnotationAdapters, "prometheus-exporter"},
	{mutators.AnnotationAmbassadors, "redis"},
	{mutators.AnnotationConfigTemplate, "nginx"},
	{mutators.AnnotationDownwardAPI, "true"},
	{mutators.AnnotationAmbassadors, "classic-proxy"},
	{mutators.AnnotationAmbassadors, "redis,classic-proxy"},
	{mutators.AnnotationSidecars, "log-shipper,unknown"},
	{mutators.AnnotationInitEnv, "migrate"},
	{mutators.AnnotationInject, "false"},
}

// fuzzPod builds a pod: pick chooses annotations (bit 10 adds the fuzzed prestop value),
// flags its shape (a second app container, a user init container, an own preStop sleep
// of flags>>4 × 5 s, restartPolicy Never, Guaranteed-shaped resources).
func fuzzPod(pick uint16, flags uint8, prestop string, res corev1.ResourceRequirements) *corev1.Pod {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "fuzz", Annotations: map[string]string{}}}
	for i, a := range fuzzAnnotations {
		if pick&(1<<i) != 0 {
			pod.Annotations[a.key] = a.value
		}
	}
	if pick&(1<<10) != 0 {
		pod.Annotations[mutators.AnnotationPreStop] = prestop
	}
	if flags&16 != 0 { // Guaranteed: requests equal to limits
		res.Requests = res.Limits.DeepCopy()
	}
	app := corev1.Container{Name: "app", Image: "registry.example.com/app:1", Resources: res}
	if own := int64(flags>>4) * 5; own > 0 && flags&4 != 0 {
		app.Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: own}}}
	}
	pod.Spec.Containers = []corev1.Container{app}
	if flags&1 != 0 {
		second := *app.DeepCopy()
		second.Name, second.Lifecycle = "worker", nil
		pod.Spec.Containers = append(pod.Spec.Containers, second)
	}
	if flags&2 != 0 {
		pod.Spec.InitContainers = []corev1.Container{{Name: "migrate", Image: "registry.example.com/migrate:1", Resources: *res.DeepCopy()}}
	}
	if flags&8 != 0 {
		pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	}
	return pod
}
