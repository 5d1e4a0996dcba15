package patch

import (
	"bytes"
	"reflect"
	"sync"
	"unsafe"

	corev1 "k8s.io/api/core/v1"
)

// valueEqual reports whether a and b (of the same type) are deeply equal. It is
// reflect.DeepEqual without the boxing: comparing through reflect.Value never allocates,
// which matters because the patch builder compares every field of the pod on every
// request. Slices and maps that share storage are equal without a walk. Resource lists
// compare quantities by value ("1000m" equals "1": the patch then keeps the user's
// spelling); a lone Quantity compares by representation, which at worst emits a correct
// but unneeded op. Pods have no cycles, so no visited set is kept.
func valueEqual(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Kind() == reflect.Pointer && a.Pointer() == b.Pointer() {
			return true
		}
		return valueEqual(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		if a.Len() == 0 || a.Pointer() == b.Pointer() {
			return true
		}
		if a.Type().Elem().Kind() == reflect.Uint8 { // managedFields' fieldsV1: ~1 KB, not byte by byte
			return bytes.Equal(a.Bytes(), b.Bytes())
		}
		if sameElements(a, b) { // a list copied on write: the same strings and pointers
			return true
		}
		for i := range a.Len() {
			if !valueEqual(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range a.Len() {
			if !valueEqual(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		return mapEqual(a, b)
	case reflect.Struct:
		for i := range a.NumField() {
			if !valueEqual(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	// chan, func, unsafe pointer: never in API types; be conservative.
	return false
}

func mapEqual(a, b reflect.Value) bool {
	if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
		return false
	}
	if a.Len() == 0 || a.Pointer() == b.Pointer() {
		return true
	}
	if am, ok := a.Interface().(map[string]string); ok { // labels, annotations, selectors
		bm := b.Interface().(map[string]string)
		for k, v := range am {
			if bv, ok := bm[k]; !ok || bv != v {
				return false
			}
		}
		return true
	}
	if am, ok := a.Interface().(corev1.ResourceList); ok { // requests, limits: semantic, no iterator
		bm := b.Interface().(corev1.ResourceList)
		for k, v := range am {
			if bv, ok := bm[k]; !ok || v.Cmp(bv) != 0 {
				return false
			}
		}
		return true
	}
	it := a.MapRange()
	for it.Next() {
		bv := b.MapIndex(it.Key())
		if !bv.IsValid() || !valueEqual(it.Value(), bv) {
			return false
		}
	}
	return true
}

// sameElements reports whether slices a and b (same type and length) hold identical
// memory, for element types where that means equal (bytesDecide).
func sameElements(a, b reflect.Value) bool {
	et := a.Type().Elem()
	if !elemBytesDecide(et) {
		return false
	}
	n := uintptr(a.Len()) * et.Size()
	return bytes.Equal(unsafe.Slice((*byte)(a.UnsafePointer()), n), unsafe.Slice((*byte)(b.UnsafePointer()), n))
}

var bytesDecideCache sync.Map // reflect.Type → bool

// elemBytesDecide is bytesDecide(t), computed once per type.
func elemBytesDecide(t reflect.Type) bool {
	if v, ok := bytesDecideCache.Load(t); ok {
		return v.(bool)
	}
	d := bytesDecide(t)
	bytesDecideCache.Store(t, d)
	return d
}
