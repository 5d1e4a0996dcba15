package jsonenc

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// sameAsAppendValue fails unless s writes v exactly as AppendValue does.
func sameAsAppendValue(t *testing.T, s *Shared, v reflect.Value, when string) {
	t.Helper()
	want, wantErr := AppendValue(nil, v)
	got, gotErr := s.AppendValue(nil, v)
	if (wantErr != nil) != (gotErr != nil) || !bytes.Equal(got, want) {
		t.Fatalf("%s, %s:\n Shared      %s (%v)\n AppendValue %s (%v)", when, v.Type(), got, gotErr, want, wantErr)
	}
}

// FuzzSharedAppendValue: values filled at random are precomputed, then written through
// Shared (the same bytes as AppendValue), then changed in place — a string, a number, a
// pointer set to nil, a slice shortened, anywhere below the root, as a mutator breaking
// the copy-on-write rule would — and written again: Shared must notice every change and
// still write AppendValue's bytes.
func FuzzSharedAppendValue(f *testing.F) {
	for seed := range uint64(64) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		r := rand.New(rand.NewPCG(seed, seed>>32))
		for _, typ := range []reflect.Type{reflect.TypeFor[corev1.Pod](), reflect.TypeFor[corev1.Container](),
			reflect.TypeFor[corev1.Volume](), reflect.TypeFor[oddShapes](), reflect.TypeFor[[]corev1.EnvVar]()} {
			root := reflect.New(typ)
			fill(root.Elem(), r, 6)
			s := Precompute(root.Interface())
			sameAsAppendValue(t, s, root, "as precomputed")
			for i := range 4 {
				var leaves []reflect.Value
				collectLeaves(root.Elem(), &leaves)
				if len(leaves) == 0 {
					break
				}
				poke(leaves[r.IntN(len(leaves))])
				sameAsAppendValue(t, s, root, "after in-place change "+string(rune('1'+i)))
			}
		}
	})
}

// collectLeaves appends every settable value under v that poke can change.
func collectLeaves(v reflect.Value, out *[]reflect.Value) {
	if v.Type() == quantityType {
		if v.CanSet() {
			*out = append(*out, v)
		}
		return
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.CanSet() {
			*out = append(*out, v)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			if v.CanSet() {
				*out = append(*out, v)
			}
			collectLeaves(v.Elem(), out)
		}
	case reflect.Slice:
		if v.Len() > 0 && v.CanSet() {
			*out = append(*out, v)
		}
		for i := range v.Len() {
			collectLeaves(v.Index(i), out)
		}
	case reflect.Array:
		for i := range v.Len() {
			collectLeaves(v.Index(i), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			collectLeaves(v.Field(i), out)
		}
	}
}

// poke changes v in place.
func poke(v reflect.Value) {
	if v.Type() == quantityType {
		v.Set(reflect.ValueOf(resource.MustParse("7")))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() ^ 1)
	case reflect.Pointer:
		v.SetZero()
	case reflect.Slice:
		v.SetLen(v.Len() - 1)
	}
}

// injectedLike is a helper container as a config holds it.
func injectedLike() *corev1.Container {
	return &corev1.Container{Name: "log-shipper", Image: "fluent-bit:3", Args: []string{"--input=tail", "--output=stdout"},
		Env:             []corev1.EnvVar{{Name: "NODE", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "spec.nodeName"}}}},
		Resources:       corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("50m")}},
		VolumeMounts:    []corev1.VolumeMount{{Name: "logs", MountPath: "/var/log/app", ReadOnly: true}},
		SecurityContext: &corev1.SecurityContext{RunAsNonRoot: new(true), Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}
}

// TestSharedCopiesOnlyTheSameMemory: Shared copies the JSON of the very slices and
// pointers it precomputed, not of equal ones elsewhere nor of part of one, and stops
// once their memory changed; a copy of the container (as injectedCopy makes) still has
// its slices and pointers covered, a copy of an env var is covered whole until changed.
func TestSharedCopiesOnlyTheSameMemory(t *testing.T) {
	c := injectedLike()
	s := Precompute(c)
	pod := *c // the copy a pod gets: the same slices and pointers
	for name, v := range map[string]any{"args": pod.Args, "env": pod.Env, "mounts": pod.VolumeMounts,
		"security context": pod.SecurityContext, "env source": pod.Env[0].ValueFrom} {
		if !s.Covers(reflect.ValueOf(v)) {
			t.Errorf("%s of the injected copy not covered", name)
		}
	}
	other := injectedLike() // equal, elsewhere in memory
	for name, v := range map[string]any{"equal args": other.Args, "part of the args": pod.Args[:1],
		"equal security context": other.SecurityContext, "an equal container": other} {
		if s.Covers(reflect.ValueOf(v)) {
			t.Errorf("%s covered", name)
		}
	}
	appended := pod.Env[0] // a copy, as an env var appended to an app container
	if !s.Covers(reflect.ValueOf(&appended).Elem()) {
		t.Error("a copy of the env var not covered")
	}
	appended.Value = "x"
	if s.Covers(reflect.ValueOf(&appended).Elem()) {
		t.Error("a changed copy of the env var covered")
	}
	sameAsAppendValue(t, s, reflect.ValueOf(&appended), "a changed copy")
	c.Env[0].ValueFrom.FieldRef.FieldPath = "metadata.name" // in place, two pointers down
	if s.Covers(reflect.ValueOf(pod.Env)) || s.Covers(reflect.ValueOf(pod.Env[0].ValueFrom)) || s.Covers(reflect.ValueOf(&pod.Env[0]).Elem()) {
		t.Error("env covered after a change in place below it")
	}
	sameAsAppendValue(t, s, reflect.ValueOf(&pod), "after a change in place")
	if !s.Covers(reflect.ValueOf(pod.Args)) {
		t.Error("args no longer covered though unchanged")
	}
}

// TestSharedAllocations: a container whose parts are precomputed is written without
// allocating.
func TestSharedAllocations(t *testing.T) {
	c := injectedLike()
	s := Precompute(c)
	v := reflect.ValueOf(c).Elem()
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(50, func() { _, _ = s.AppendValue(buf[:0], v) }); n != 0 {
		t.Errorf("Shared.AppendValue allocates %v times for a container", n)
	}
}

// TestSharedConcurrently: one Shared read by many goroutines at once (run under -race).
func TestSharedConcurrently(t *testing.T) {
	c := injectedLike()
	s := Precompute(c)
	want, _ := AppendValue(nil, reflect.ValueOf(c))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				pod := *c
				if got, err := s.AppendValue(nil, reflect.ValueOf(&pod)); err != nil || !bytes.Equal(got, want) {
					t.Errorf("concurrent write %s (%v), want %s", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
