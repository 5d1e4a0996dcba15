package patch

import (
	"encoding/json"
	"fmt"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func basePod() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "team"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{
			{Name: "app", Image: "nginx"},
			{Name: "second", Image: "busybox", Env: []corev1.EnvVar{{Name: "A", Value: "1"}}},
		}},
	}
}

// assertPatchReproduces applies patch to origJSON and checks the result decodes to want.
func assertPatchReproduces(t *testing.T, origJSON []byte, patch []byte, want *corev1.Pod) []byte {
	t.Helper()
	if patch == nil {
		var got corev1.Pod
		if err := json.Unmarshal(origJSON, &got); err != nil {
			t.Fatal(err)
		}
		if !equality.Semantic.DeepEqual(&got, want) {
			t.Fatalf("no patch, but the pods differ")
		}
		return origJSON
	}
	p, err := jsonpatch.DecodePatch(patch)
	if err != nil {
		t.Fatalf("patch does not decode: %v\n%s", err, patch)
	}
	out, err := p.Apply(origJSON)
	if err != nil {
		t.Fatalf("patch does not apply: %v\n%s", err, patch)
	}
	var got corev1.Pod
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !equality.Semantic.DeepEqual(&got, want) {
		g, _ := json.Marshal(&got)
		w, _ := json.Marshal(want)
		t.Fatalf("patched pod differs\npatch: %s\ngot:  %s\nwant: %s", patch, g, w)
	}
	return out
}

func TestPodPatch(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		want   string // exact patch; "" = no patch
	}{
		{"unchanged", func(*corev1.Pod) {}, ""},
		{"annotation on a pod without annotations", func(p *corev1.Pod) {
			p.Annotations = map[string]string{"podpatterns.io/status": "{}"}
		}, `[{"op":"add","path":"/metadata/annotations","value":{"podpatterns.io/status":"{}"}}]`},
		{"annotation key escaping", func(p *corev1.Pod) {
			p.Annotations = map[string]string{"a": "1"}
		}, `[{"op":"add","path":"/metadata/annotations","value":{"a":"1"}}]`},
		{"append a container", func(p *corev1.Pod) {
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "sidecar", Image: "s"})
		}, `[{"op":"add","path":"/spec/containers/2","value":{"name":"sidecar","image":"s","resources":{}}}]`},
		{"insert a container first", func(p *corev1.Pod) {
			p.Spec.Containers = append([]corev1.Container{{Name: "proxy", Image: "p"}}, p.Spec.Containers...)
		}, `[{"op":"add","path":"/spec/containers/0","value":{"name":"proxy","image":"p","resources":{}}}]`},
		{"first init container", func(p *corev1.Pod) {
			p.Spec.InitContainers = []corev1.Container{{Name: "init", Image: "i", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways)}}
		}, `[{"op":"add","path":"/spec/initContainers","value":[{"name":"init","image":"i","resources":{},"restartPolicy":"Always"}]}]`},
		{"env appended and created", func(p *corev1.Pod) {
			p.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "X", Value: "y"}}
			p.Spec.Containers[1].Env = append(p.Spec.Containers[1].Env, corev1.EnvVar{Name: "B", Value: "2"})
		}, `[{"op":"add","path":"/spec/containers/0/env","value":[{"name":"X","value":"y"}]},{"op":"add","path":"/spec/containers/1/env/-","value":{"name":"B","value":"2"}}]`},
		{"env value changed replaces the list", func(p *corev1.Pod) {
			p.Spec.Containers[1].Env[0].Value = "changed"
		}, `[{"op":"add","path":"/spec/containers/1/env","value":[{"name":"A","value":"changed"}]}]`},
		{"grace period and lifecycle", func(p *corev1.Pod) {
			p.Spec.TerminationGracePeriodSeconds = ptr.To[int64](45)
			p.Spec.Containers[0].Lifecycle = &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: 5}}}
		}, `[{"op":"add","path":"/spec/containers/0/lifecycle","value":{"preStop":{"sleep":{"seconds":5}}}},{"op":"add","path":"/spec/terminationGracePeriodSeconds","value":45}]`},
		{"volume added", func(p *corev1.Pod) {
			p.Spec.Volumes = []corev1.Volume{{Name: "podinfo", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		}, `[{"op":"add","path":"/spec/volumes","value":[{"name":"podinfo","emptyDir":{}}]}]`},
		{"container removed replaces the list", func(p *corev1.Pod) {
			p.Spec.Containers = p.Spec.Containers[1:]
		}, `[{"op":"add","path":"/spec/containers","value":[{"name":"second","image":"busybox","env":[{"name":"A","value":"1"}],"resources":{}}]}]`},
		{"field cleared", func(p *corev1.Pod) {
			p.Spec.Containers[0].Image = ""
		}, `[{"op":"remove","path":"/spec/containers/0/image"}]`}, // omitempty: absent, not ""
		{"resources set on an existing container", func(p *corev1.Pod) {
			p.Spec.Containers[0].Resources.Limits = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")}
		}, `[{"op":"add","path":"/spec/containers/0/resources","value":{"limits":{"cpu":"1"}}}]`},
		{"priority class", func(p *corev1.Pod) {
			p.Spec.PriorityClassName = "high"
		}, `[{"op":"add","path":"/spec/priorityClassName","value":"high"}]`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			orig := basePod()
			origJSON, _ := json.Marshal(orig)
			mutated := orig.DeepCopy()
			tc.mutate(mutated)
			patch, err := Pod(orig, mutated)
			if err != nil {
				t.Fatal(err)
			}
			if string(patch) != tc.want {
				t.Errorf("patch\n got: %s\nwant: %s", patch, tc.want)
			}
			assertPatchReproduces(t, origJSON, patch, mutated)
		})
	}
}

// TestPodPatchKeptVolumeChangedInPlace: a volume the input already has, changed where it
// stands (its source, or its place in a list that also grows), is replaced, never added
// beside itself: an "add" at its index would insert a second volume of the same name,
// which the apiserver refuses.
func TestPodPatchKeptVolumeChangedInPlace(t *testing.T) {
	withVolumes := func() *corev1.Pod {
		p := basePod()
		p.Spec.Volumes = []corev1.Volume{{Name: "a", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
			{Name: "b", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}}}}}
		return p
	}
	for _, tc := range []struct {
		name   string
		mutate func(*corev1.Pod)
		want   string
	}{
		{"first changed", func(p *corev1.Pod) { p.Spec.Volumes[0].EmptyDir.Medium = corev1.StorageMediumMemory },
			`[{"op":"replace","path":"/spec/volumes/0","value":{"name":"a","emptyDir":{"medium":"Memory"}}}]`},
		{"last changed", func(p *corev1.Pod) { p.Spec.Volumes[1].ConfigMap.Name = "other" },
			`[{"op":"replace","path":"/spec/volumes/1","value":{"name":"b","configMap":{"name":"other"}}}]`},
		{"changed and one appended", func(p *corev1.Pod) {
			p.Spec.Volumes[0].EmptyDir.Medium = corev1.StorageMediumMemory
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: "c", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
		}, `[{"op":"replace","path":"/spec/volumes/0","value":{"name":"a","emptyDir":{"medium":"Memory"}}},{"op":"add","path":"/spec/volumes/2","value":{"name":"c","emptyDir":{}}}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig := withVolumes()
			origJSON, _ := json.Marshal(orig)
			mutated := orig.DeepCopy()
			tc.mutate(mutated)
			patch, err := Pod(orig, mutated)
			if err != nil {
				t.Fatal(err)
			}
			if string(patch) != tc.want {
				t.Errorf("patch\n got: %s\nwant: %s", patch, tc.want)
			}
			out := assertPatchReproduces(t, origJSON, patch, mutated)
			var got corev1.Pod
			if err := json.Unmarshal(out, &got); err != nil || len(got.Spec.Volumes) != len(mutated.Spec.Volumes) {
				t.Errorf("patched pod has %d volumes, want %d: %s", len(got.Spec.Volumes), len(mutated.Spec.Volumes), patch)
			}
		})
	}
}

func TestPodPatchEscapesKeys(t *testing.T) {
	orig := basePod()
	orig.Annotations = map[string]string{"keep": "1", "old/key": "x"}
	origJSON, _ := json.Marshal(orig)
	mutated := orig.DeepCopy()
	mutated.Annotations["podpatterns.io/status"] = "s"
	mutated.Annotations["odd~key/x"] = "t"
	delete(mutated.Annotations, "old/key")
	patch, err := Pod(orig, mutated)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"op":"add","path":"/metadata/annotations/odd~0key~1x","value":"t"},{"op":"add","path":"/metadata/annotations/podpatterns.io~1status","value":"s"},{"op":"remove","path":"/metadata/annotations/old~1key"}]`
	if string(patch) != want {
		t.Errorf("patch\n got: %s\nwant: %s", patch, want)
	}
	assertPatchReproduces(t, origJSON, patch, mutated)
}

// TestPodPatchKeepsUnknownFields: a newer API server may send fields this build of
// k8s.io/api does not know; the patch must not drop them.
func TestPodPatchKeepsUnknownFields(t *testing.T) {
	raw := []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","futureMeta":true},
	  "spec":{"futureSpec":{"x":1},"containers":[{"name":"app","image":"nginx","futureContainer":"keep"}]}}`)
	var orig corev1.Pod
	if err := json.Unmarshal(raw, &orig); err != nil {
		t.Fatal(err)
	}
	mutated := orig.DeepCopy()
	mutated.Annotations = map[string]string{"a": "b"}
	mutated.Spec.Containers[0].Env = []corev1.EnvVar{{Name: "E", Value: "v"}}
	mutated.Spec.Containers = append(mutated.Spec.Containers, corev1.Container{Name: "side", Image: "s"})
	mutated.Spec.Volumes = []corev1.Volume{{Name: "v", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
	patch, err := Pod(&orig, mutated)
	if err != nil {
		t.Fatal(err)
	}
	out := assertPatchReproduces(t, raw, patch, mutated)
	var generic map[string]any
	_ = json.Unmarshal(out, &generic)
	spec := generic["spec"].(map[string]any)
	if spec["futureSpec"] == nil || generic["metadata"].(map[string]any)["futureMeta"] != true ||
		spec["containers"].([]any)[0].(map[string]any)["futureContainer"] != "keep" {
		t.Errorf("unknown fields were dropped: %s", out)
	}
}

// FuzzPodPatch drives random edits of the kinds mutators make (and some they should
// not) and checks the patch always reproduces the mutated pod from the original JSON.
func FuzzPodPatch(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{3, 3, 1, 0, 9, 9, 2})
	f.Add([]byte{7, 200, 13, 42, 5, 5, 5, 8})
	f.Fuzz(func(t *testing.T, program []byte) {
		orig := basePod()
		origJSON, _ := json.Marshal(orig)
		mutated := orig.DeepCopy()
		for i, b := range program {
			applyEdit(mutated, b, i)
		}
		patch, err := Pod(orig, mutated)
		if err != nil {
			t.Fatal(err)
		}
		assertPatchReproduces(t, origJSON, patch, mutated)
		samePatchBothEncoders(t, orig, mutated)
		again, err := Pod(mutated, mutated.DeepCopy())
		if err != nil || again != nil {
			t.Fatalf("equal pods gave a patch: %s %v", again, err)
		}
	})
}

func applyEdit(p *corev1.Pod, b byte, i int) {
	name := fmt.Sprintf("n%d~/%d", b%7, i%3)
	cs := &p.Spec.Containers
	switch b % 12 {
	case 0:
		if p.Annotations == nil {
			p.Annotations = map[string]string{}
		}
		p.Annotations[name] = fmt.Sprint(i)
	case 1:
		delete(p.Annotations, name)
	case 2:
		*cs = append(*cs, corev1.Container{Name: fmt.Sprintf("c%d", i), Image: "x"})
	case 3:
		*cs = append([]corev1.Container{{Name: fmt.Sprintf("f%d", i), Image: "y"}}, *cs...)
	case 4:
		if len(*cs) > 0 {
			c := &(*cs)[int(b)%len(*cs)]
			c.Env = append(c.Env, corev1.EnvVar{Name: fmt.Sprintf("E%d", i), Value: name})
		}
	case 5:
		p.Spec.InitContainers = append(p.Spec.InitContainers, corev1.Container{Name: fmt.Sprintf("i%d", i), Image: "z"})
	case 6:
		p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: fmt.Sprintf("v%d", i)})
	case 7:
		p.Spec.TerminationGracePeriodSeconds = ptr.To(int64(b))
	case 8:
		if len(*cs) > 1 { // reorder: must fall back to replacing the list
			(*cs)[0], (*cs)[1] = (*cs)[1], (*cs)[0]
		}
	case 9:
		if len(*cs) > 1 {
			*cs = (*cs)[1:]
		}
	case 10:
		if len(*cs) > 0 {
			c := &(*cs)[int(b)%len(*cs)]
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: "m", MountPath: "/m" + fmt.Sprint(i)})
		}
	case 11:
		if p.Labels == nil {
			p.Labels = map[string]string{}
		}
		p.Labels[name] = "l"
	}
}
