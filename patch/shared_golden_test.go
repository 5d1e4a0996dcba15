package patch_test

import (
	"bytes"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/jsonenc"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

// samePatchShared fails unless the patch MutatePod wrote (op values through the chain's
// precomputed JSON) is byte for byte the one patch.Pod writes by reflection alone.
func samePatchShared(t testing.TB, name string, p *admission.Pipeline, in *corev1.Pod, ns mutators.Namespace) admission.Mutation {
	t.Helper()
	m, err := p.MutatePod(in, ns)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if m.Denied() {
		return m
	}
	straight, err := patch.Pod(in, m.Pod)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !bytes.Equal(m.Patch, straight) {
		t.Fatalf("%s: patches differ:\n shared JSON %s\n reflection  %s", name, m.Patch, straight)
	}
	return m
}

// TestGoldenPatchesSharedJSON: for every golden case of mutators/testdata in every
// namespace of the doors table (its own, then one per shipped profile: the profiles
// make the chain change injected containers — Guaranteed requests, preStop hooks,
// readiness probes), and for the harness's all-patterns pod with and without a
// profile, the patch with injected objects copied from the chain's precomputed JSON is
// the reflection-only patch, byte for byte.
func TestGoldenPatchesSharedJSON(t *testing.T) {
	rows := mutatorstest.AllRows(t)
	if len(rows) < 44 {
		t.Fatalf("only %d rows found", len(rows))
	}
	for _, r := range rows {
		samePatchShared(t, r.Name, r.Pipeline, r.Pod, r.Namespace)
	}
}

// TestSharedJSONCoversInjectedObjects: the precomputed JSON is really used: the
// all-patterns pod's injected helpers have their args, mounts and security contexts,
// the renderer its env, covered by the chain's SharedJSON.
func TestSharedJSONCoversInjectedObjects(t *testing.T) {
	p := examplePipeline(t)
	s := p.Mutators.SharedJSON()
	if s.Len() == 0 {
		t.Fatal("the chain precomputed nothing")
	}
	m := samePatchShared(t, "all patterns", p, mutatorstest.AllPatternsPod(), allPatternsNamespace(""))
	covered := 0
	for _, c := range m.Pod.Spec.InitContainers {
		for name, v := range map[string]any{"args": c.Args, "env": c.Env, "volumeMounts": c.VolumeMounts, "securityContext": c.SecurityContext} {
			if rv := reflect.ValueOf(v); !rv.IsNil() {
				if !s.Covers(rv) {
					t.Errorf("%s of %s not covered", name, c.Name)
				}
				covered++
			}
		}
	}
	if covered < 8 {
		t.Errorf("only %d parts of the injected containers looked at", covered)
	}
	checkRevisionObjectsCovered(t, s, m.Pod)
}

// checkRevisionObjectsCovered: the objects the chain builds once per config revision —
// the renderer's three volumes (the template's own params ConfigMap) and the app
// containers' preStop hook — are written from the precomputed JSON.
func checkRevisionObjectsCovered(t *testing.T, s *jsonenc.Shared, pod *corev1.Pod) {
	t.Helper()
	volumes := 0
	for i := range pod.Spec.Volumes {
		switch v := &pod.Spec.Volumes[i]; v.Name {
		case mutators.RenderTemplatesVolume, mutators.RenderParamsVolume, mutators.RenderOutputVolume:
			volumes++
			if !s.Covers(reflect.ValueOf(pod.Spec.Volumes).Index(i)) {
				t.Errorf("the renderer's volume %s not covered", v.Name)
			}
		}
	}
	hooks := 0
	for _, c := range pod.Spec.Containers {
		if c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
			hooks++
			if !s.Covers(reflect.ValueOf(c.Lifecycle.PreStop)) {
				t.Errorf("the preStop hook of %s not covered", c.Name)
			}
		}
	}
	if volumes != 3 || hooks < 2 {
		t.Errorf("%d renderer volumes and %d preStop hooks looked at", volumes, hooks)
	}
}

func allPatternsNamespace(profile string) mutators.Namespace {
	ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
	if profile != "" {
		ns.Labels[mutators.LabelProfile] = profile
	}
	return ns
}

// examplePipeline is the pipeline of examples/config.yaml (the harness's config).
func examplePipeline(t testing.TB) *admission.Pipeline {
	t.Helper()
	cfg := mutatorstest.ExampleConfig(t)
	return admission.Compose(cfg, admission.Deps{RenderImage: "podpatterns:test"})
}
