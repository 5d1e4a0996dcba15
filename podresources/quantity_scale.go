package podresources

import (
	"reflect"

	"k8s.io/apimachinery/pkg/api/resource"
)

// int64Fields locates the int64 form Quantity keeps for every ordinary value it parses
// (value and decimal scale) and its inf.Dec form: Quantity shows neither, and asking
// it for its scale (AsDec) converts and allocates. ok is false if this build of
// apimachinery lays Quantity out otherwise: ordinary then takes the inf.Dec way.
var int64Fields = func() (f struct {
	scale, dec []int
	ok         bool
}) {
	i, okI := reflect.TypeFor[resource.Quantity]().FieldByName("i")
	d, okD := reflect.TypeFor[resource.Quantity]().FieldByName("d")
	if !okI || !okD || i.Type.Kind() != reflect.Struct || d.Type.Kind() != reflect.Struct || d.Type.NumField() != 1 {
		return f
	}
	s, okS := i.Type.FieldByName("scale")
	if !okS || s.Type.Kind() != reflect.Int32 || d.Type.Field(0).Type.Kind() != reflect.Pointer {
		return f
	}
	f.scale, f.dec, f.ok = append(i.Index, s.Index...), append(d.Index, 0), true
	return f
}()

// int64Scale returns q's decimal scale when q is held as an int64 (known false: q is
// held as an inf.Dec, or the layout is unknown).
func int64Scale(q resource.Quantity) (scale int64, known bool) {
	if !int64Fields.ok {
		return 0, false
	}
	v := reflect.ValueOf(q)
	if !v.FieldByIndex(int64Fields.dec).IsNil() {
		return 0, false
	}
	return v.FieldByIndex(int64Fields.scale).Int(), true
}
