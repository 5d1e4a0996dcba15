package mutators_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/qos"
)

// fuzzConfig adds to examples/config.yaml templates that exercise the other paths:
// classic first/last and a template without limits.
const fuzzConfig = `
  vault-agent:
    native: false
    position: first
    container:
      image: registry.example.com/vault-agent:1.18
      resources:
        limits: {cpu: 10m, memory: 16Mi}
  cert-loader:
    native: false
    container:
      image: registry.example.com/cert-loader:0.9
      ports:
      - {containerPort: 8080}
  unlimited:
    container:
      image: registry.example.com/unlimited:1
      resources:
        requests: {cpu: 10m}
`

// FuzzSidecarInjector feeds random annotation values and pod shapes through the standard
// chain. Invariants: no panic; the chain never writes its input and agrees with the
// deep-copy path (mutateChecked); the patch applies to the input JSON and reproduces the
// mutated pod; a second pass changes nothing; an admitted pod keeps unique container and
// volume names, mounts that name existing volumes at unique paths, and a Guaranteed
// pod stays Guaranteed.
func FuzzSidecarInjector(f *testing.F) {
	chain := fuzzChain(f)
	f.Add("log-shipper", "prometheus-exporter", "redis", []byte{0, 1, 2, 3})
	f.Add("log-shipper,vault-agent,cert-loader", "", "redis", []byte{1, 2, 0, 1, 3, 2, 1, 1, 1})
	f.Add("unlimited", "prometheus-exporter", "", []byte{2, 1, 1, 1, 2, 2, 0, 0})
	f.Add("redis", "log-shipper", "nope", []byte{3, 3, 3, 3, 3, 3, 3, 3, 3, 3})
	f.Add("docker.io/x:1", "a,,b", "{image: x}", []byte{})
	f.Add("log-shipper", "", "redis", []byte{0, 2, 4, 2, 1, 1, 0, 1, 2, 1, 0, 3, 1, 2})
	f.Fuzz(func(t *testing.T, sidecars, adapters, ambassadors string, shape []byte) {
		s := &shaper{data: shape}
		pod := s.pod()
		ns := mutators.Namespace{Name: "fuzz", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}, Annotations: map[string]string{}}
		// A fixed order: the shape bytes are consumed in the same order on every run, so a
		// failing input reproduces (ranging over a map would not).
		for _, kv := range [][2]string{
			{mutators.AnnotationSidecars, sidecars}, {mutators.AnnotationAdapters, adapters}, {mutators.AnnotationAmbassadors, ambassadors},
		} {
			key, value := kv[0], kv[1]
			switch s.next() % 3 {
			case 0:
				pod.Annotations[key] = value
			case 1:
				ns.Annotations[key] = value
			}
		}
		input, err := json.Marshal(pod)
		if err != nil {
			t.Fatal(err)
		}
		in, err := mutatorstest.ApplyPatch(input, nil) // the pod exactly as the server decodes it
		if err != nil {
			t.Fatal(err)
		}
		req := mutateChecked(t, chain, in, ns)
		out := req.Pod

		checkPatchAndIdempotence(t, chain, ns, input, in, out, req.Report)
		if len(req.Report.Denials) > 0 {
			return
		}
		if err := podInvariants(out); err != nil {
			t.Fatalf("%v\npod: %s", err, mustJSON(out))
		}
		if in.Spec.Resources == nil && qos.ClassOf(in) == corev1.PodQOSGuaranteed && qos.ClassOf(out) != corev1.PodQOSGuaranteed {
			t.Fatalf("a Guaranteed pod became %s", qos.ClassOf(out))
		}
	})
}

func fuzzChain(f *testing.F) *mutators.Chain {
	base, err := os.ReadFile("../examples/config.yaml")
	if err != nil {
		f.Fatal(err)
	}
	cfg, err := config.Parse("fuzz", insertUnderSidecars(base, fuzzConfig))
	if err != nil {
		f.Fatal(err)
	}
	return mutators.New(cfg.Mutators, mutatorstest.Options())
}

// insertUnderSidecars appends extra template entries right after the `sidecars:` line.
func insertUnderSidecars(config []byte, extra string) []byte {
	const key = "\nsidecars:\n"
	i := indexOf(config, key)
	if i < 0 {
		panic("examples/config.yaml has no top-level sidecars: section")
	}
	i += len(key)
	out := append([]byte{}, config[:i]...)
	out = append(out, extra[1:]...)
	return append(out, config[i:]...)
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

// podInvariants checks what the apiserver's validation would reject among the things
// the injectors touch.
func podInvariants(pod *corev1.Pod) error {
	names := map[string]bool{}
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, c := range list {
			if names[c.Name] {
				return fmt.Errorf("duplicate container name %q", c.Name)
			}
			names[c.Name] = true
		}
	}
	volumes := map[string]bool{}
	for _, v := range pod.Spec.Volumes {
		if volumes[v.Name] {
			return fmt.Errorf("duplicate volume %q", v.Name)
		}
		volumes[v.Name] = true
	}
	for _, list := range [][]corev1.Container{pod.Spec.InitContainers, pod.Spec.Containers} {
		for _, c := range list {
			paths := map[string]bool{}
			for _, m := range c.VolumeMounts {
				if !volumes[m.Name] {
					return fmt.Errorf("container %q mounts missing volume %q", c.Name, m.Name)
				}
				if paths[m.MountPath] {
					return fmt.Errorf("container %q mounts two volumes at %s", c.Name, m.MountPath)
				}
				paths[m.MountPath] = true
			}
			env := map[string]bool{}
			for _, e := range c.Env {
				if env[e.Name] {
					return fmt.Errorf("container %q defines %s twice", c.Name, e.Name)
				}
				env[e.Name] = true
			}
		}
	}
	return nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
