package patch

import (
	"reflect"
	"strings"
	"sync"
)

// fieldMeta is what the patch builder needs to know of a struct field: where it is, its
// JSON name, and how encoding/json decides it is absent.
type fieldMeta struct {
	index     []int
	name      string
	omitempty bool
	omitzero  bool
	inline    bool
	offset    uintptr // in the struct
	size      uintptr
	sameBytes bool // identical memory means equal (no float, interface or func inside)
}

// omitEmpty reports whether encoding/json leaves v out of the object.
func (f fieldMeta) omitEmpty(v reflect.Value) bool {
	if f.omitzero && v.IsZero() {
		return true
	}
	if !f.omitempty {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

var fieldCache sync.Map // reflect.Type → []fieldMeta

// structFields returns t's JSON fields, computed once per type.
func structFields(t reflect.Type) []fieldMeta {
	if cached, ok := fieldCache.Load(t); ok {
		return cached.([]fieldMeta)
	}
	var fields []fieldMeta
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		m := fieldMeta{index: f.Index, name: name, offset: f.Offset, size: f.Type.Size(), sameBytes: bytesDecide(f.Type)}
		if name == "" {
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				m.inline = true
			} else {
				m.name = f.Name
			}
		}
		for _, o := range strings.Split(opts, ",") {
			m.omitempty = m.omitempty || o == "omitempty"
			m.omitzero = m.omitzero || o == "omitzero"
		}
		fields = append(fields, m)
	}
	fieldCache.Store(t, fields)
	return fields
}

// bytesDecide reports whether two values of t with identical memory are equal for
// valueEqual: true unless t holds, in its own memory, a float (NaN is not equal to
// itself), an interface or something valueEqual never calls equal.
func bytesDecide(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128,
		reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return bytesDecide(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !bytesDecide(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
}
