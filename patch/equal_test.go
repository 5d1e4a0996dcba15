package patch

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

type namedByte uint8

// TestValueEqualByteSlices: byte slices (a managed field's fieldsV1) compare as
// reflect.DeepEqual compares them: nil is not empty, every byte counts; named byte
// types and byte slices inside structs too.
func TestValueEqualByteSlices(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2))
	bytesOf := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(3))
		}
		return b
	}
	cases := [][2][]byte{{nil, nil}, {nil, {}}, {{}, nil}, {{}, {}}, {{1}, {1, 0}}}
	for range 500 {
		a := bytesOf(r.IntN(40))
		b := append([]byte(nil), a...)
		if len(b) > 0 && r.IntN(2) == 0 {
			b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		}
		cases = append(cases, [2][]byte{a, b})
	}
	for _, c := range cases {
		a, b := c[0], c[1]
		sameAsDeepEqual(t, a, b)
		sameAsDeepEqual(t, toNamed(a), toNamed(b))
		sameAsDeepEqual(t, metav1.FieldsV1{Raw: a}, metav1.FieldsV1{Raw: b})
	}
}

func sameAsDeepEqual(t *testing.T, a, b any) {
	t.Helper()
	if got, want := valueEqual(reflect.ValueOf(a), reflect.ValueOf(b)), reflect.DeepEqual(a, b); got != want {
		t.Fatalf("valueEqual(%T %v, %v) = %v, reflect.DeepEqual %v", a, a, b, got, want)
	}
}

func toNamed(b []byte) []namedByte {
	if b == nil {
		return nil
	}
	n := make([]namedByte, len(b))
	for i, x := range b {
		n[i] = namedByte(x)
	}
	return n
}

// TestValueEqualSameMemory: slices with identical memory are equal without a walk
// (a list copied on write), except where identical bits are not equal values: a NaN
// is not equal to itself (reflect.DeepEqual), in a slice or in a struct inside one.
func TestValueEqualSameMemory(t *testing.T) {
	type withFloat struct {
		Name string
		F    float64
	}
	nan := math.NaN()
	floats := []float64{1, nan}
	structs := []withFloat{{"a", nan}}
	env := []corev1.EnvVar{{Name: "A", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "x"}}}}
	for _, c := range [][2]any{
		{floats, slices.Clone(floats)},
		{structs, slices.Clone(structs)},
		{env, slices.Clone(env)},
		{[]string{"a", "b"}, []string{"a", "b"}},
	} {
		sameAsDeepEqual(t, c[0], c[1])
	}
}
