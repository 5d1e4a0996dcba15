package jsonenc

import (
	"math/rand/v2"
	"reflect"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// fillStrings are the strings the filler picks from: HTML and control characters,
// invalid UTF-8, the line separators encoding/json escapes.
var fillStrings = []string{"", "app", "nginx:1.27", "<tag> & \"q\" \\", "\x00\n\t\x1f", "bad \xff utf8",
	"\u2028\u2029", "ünï ☃ 😀", "podpatterns.io/status", "/var/run/secrets"}

var fillQuantities = []string{"0", "1", "250m", "1500m", "1.5", "128Mi", "1Gi", "1025Ki", "10e3", "1e2147483647",
	"123456789012345678901234567890", "-1", "0.000000001", "2048", "1k", "001Ki", "+1", "0100m", "1e3"}

// fill sets every settable field of v (recursively, to depth) from r: nil, empty and
// populated slices, maps and pointers, quantities parsed (canonical string cached) and
// computed (not cached), int-or-strings of both types and of none.
func fill(v reflect.Value, r *rand.Rand, depth int) {
	if !v.CanSet() {
		return
	}
	switch {
	case v.Type() == quantityType:
		if r.IntN(3) == 0 {
			v.Set(reflect.ValueOf(*resource.NewMilliQuantity(r.Int64N(1e12)-5e11, resource.Format([]string{"DecimalSI", "BinarySI", "DecimalExponent"}[r.IntN(3)]))))
			return
		}
		v.Set(reflect.ValueOf(resource.MustParse(fillQuantities[r.IntN(len(fillQuantities))])))
		return
	case v.Type() == intStrType:
		v.Set(reflect.ValueOf(intstr.IntOrString{Type: intstr.Type(r.IntN(3)), IntVal: r.Int32() - 1<<30, StrVal: pick(r)}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(pick(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt([]int64{0, 1, -1, 80, 1 << 40}[r.IntN(5)])
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(r.IntN(300)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat([]float64{0, 1.5, 1e21, 1e-7, -3}[r.IntN(5)])
	case reflect.Pointer:
		if depth <= 0 || r.IntN(3) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), r, depth-1)
	case reflect.Slice:
		fillSlice(v, r, depth)
	case reflect.Map:
		fillMap(v, r, depth)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), r, depth)
		}
	case reflect.Interface:
		if r.IntN(2) == 0 {
			v.Set(reflect.ValueOf(pick(r)))
		}
	}
}

func fillSlice(v reflect.Value, r *rand.Rand, depth int) {
	switch n := r.IntN(4); {
	case depth <= 0 || n == 0:
	case n == 1:
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
	default:
		v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
		for i := range n - 1 {
			fill(v.Index(i), r, depth-1)
		}
	}
}

func fillMap(v reflect.Value, r *rand.Rand, depth int) {
	n := r.IntN(4)
	if depth <= 0 || n == 0 {
		return
	}
	v.Set(reflect.MakeMap(v.Type()))
	for range n - 1 {
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, r, depth-1)
		fill(e, r, depth-1)
		v.SetMapIndex(k, e)
	}
}

func pick(r *rand.Rand) string { return fillStrings[r.IntN(len(fillStrings))] }
