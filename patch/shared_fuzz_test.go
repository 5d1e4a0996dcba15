package patch_test

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/patch"
)

var (
	fuzzPipelineOnce sync.Once
	fuzzPipeline     *admission.Pipeline
)

// FuzzSharedPodPatch: the all-patterns pod goes through the chain (in a namespace
// without a profile, with standard, with guaranteed), then its injected objects are
// changed after the fact at random places under the spec, through pointers and slices
// into the memory the pod shares with the config — a string, a number, a pointer set to
// nil, a slice shortened — as a later mutator would that gave an object a new value (a
// per-pod copy) or, breaking the copy-on-write rule, wrote into the config's. Each time
// the patch written through the chain's precomputed JSON must be the reflection-only
// patch, byte for byte; every change is undone before the next (the config is shared by
// the other tests).
func FuzzSharedPodPatch(f *testing.F) {
	for seed := range uint64(32) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		fuzzPipelineOnce.Do(func() { fuzzPipeline = examplePipeline(t) })
		r := rand.New(rand.NewPCG(seed, seed^0x5eed))
		in := mutatorstest.AllPatternsPod()
		m, err := fuzzPipeline.MutatePod(in, allPatternsNamespace([]string{"", "standard", "guaranteed"}[r.IntN(3)]))
		if err != nil || m.Patch == nil {
			t.Fatalf("no patch: %v", err)
		}
		s := fuzzPipeline.Mutators.SharedJSON()
		for range 6 {
			var leaves []reflect.Value
			collectLeaves(reflect.ValueOf(&m.Pod.Spec).Elem(), &leaves)
			leaf := leaves[r.IntN(len(leaves))]
			was := reflect.New(leaf.Type()).Elem()
			was.Set(leaf)
			poke(leaf, r)
			shared, errShared := patch.PodShared(in, m.Pod, s)
			straight, errStraight := patch.Pod(in, m.Pod)
			leaf.Set(was)
			if (errShared != nil) != (errStraight != nil) || !bytes.Equal(shared, straight) {
				t.Fatalf("after changing a %s: patches differ:\n shared JSON %s (%v)\n reflection  %s (%v)",
					leaf.Type(), shared, errShared, straight, errStraight)
			}
		}
	})
}

// collectLeaves appends every settable string, bool, integer, non-nil pointer and
// non-empty slice under v, through pointers, slices and struct fields (not maps: their
// values cannot be set in place).
func collectLeaves(v reflect.Value, out *[]reflect.Value) {
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int32, reflect.Int64:
		if v.CanSet() {
			*out = append(*out, v)
		}
	case reflect.Pointer:
		if !v.IsNil() && v.CanSet() {
			*out = append(*out, v)
			collectLeaves(v.Elem(), out)
		}
	case reflect.Slice:
		if v.Len() > 0 && v.CanSet() {
			*out = append(*out, v)
		}
		for i := range v.Len() {
			collectLeaves(v.Index(i), out)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[corev1.ResourceRequirements]() {
			return // maps only, and the diff compares quantities by value
		}
		for i := range v.NumField() {
			collectLeaves(v.Field(i), out)
		}
	}
}

// poke changes v in place.
func poke(v reflect.Value, r *rand.Rand) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "-x")
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1 + r.Int64N(9))
	case reflect.Pointer:
		v.SetZero()
	case reflect.Slice:
		v.SetLen(r.IntN(v.Len()))
	}
}
