package jsonenc

import (
	"reflect"
	"unsafe"
)

// emptyTest is how an omitempty member is found empty in the struct's memory, without
// a reflect.Value of the field: most members of a container or a volume (a volume
// source has some thirty pointers, one set) are empty, and building a Value per member
// to find that out was most of the cost of writing them.
type emptyTest uint8

const (
	emptyByValue emptyTest = iota // only isEmpty of the field's Value can tell (a map)
	emptyIfZero                   // empty exactly when every byte is zero: bool, numbers, pointer, interface
	emptyIfNoLen                  // empty exactly when the length word is zero: string, slice
	alwaysEmpty                   // a zero-length array
	neverEmpty                    // a struct or a non-empty array: isEmpty never holds
)

// emptyTestOf is the test for a member of type t.
func emptyTestOf(t reflect.Type) emptyTest {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return emptyIfZero
	case reflect.String, reflect.Slice:
		return emptyIfNoLen
	case reflect.Array:
		if t.Len() == 0 {
			return alwaysEmpty
		}
		return neverEmpty
	case reflect.Struct:
		return neverEmpty
	}
	return emptyByValue
}

// emptyAt reports whether the member is empty in the struct at base, and whether its
// memory could tell (else ask isEmpty).
func (f *fieldPlan) emptyAt(base unsafe.Pointer) (empty, known bool) {
	p := unsafe.Add(base, f.offset)
	switch f.empty {
	case emptyIfZero:
		for _, b := range unsafe.Slice((*byte)(p), f.size) {
			if b != 0 {
				return false, true
			}
		}
		return true, true
	case emptyIfNoLen:
		return *(*int)(unsafe.Add(p, unsafe.Sizeof(uintptr(0)))) == 0, true
	case alwaysEmpty:
		return true, true
	case neverEmpty:
		return false, true
	}
	return false, false
}
