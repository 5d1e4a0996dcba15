package mutators_test

import (
	"fmt"
	"reflect"
)

// growSlices gives every non-empty slice reachable from v (through pointers, structs and
// slices; not maps) spare capacity, zeroed, as a decoder's growing slices have: an
// append to the input that lands past len is invisible to reflect.DeepEqual, and
// spareWritten finds it.
func growSlices(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			growSlices(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				growSlices(f)
			}
		}
	case reflect.Slice:
		if v.Len() == 0 || v.Type().Elem().Kind() == reflect.Uint8 || !v.CanSet() {
			return
		}
		grown := reflect.MakeSlice(v.Type(), v.Len(), v.Len()+spare)
		reflect.Copy(grown, v)
		v.Set(grown)
		for i := range v.Len() {
			growSlices(v.Index(i))
		}
	}
}

// spare is the capacity growSlices adds to each slice.
const spare = 16

// spareWritten lists the slices reachable from v with a non-zero element between their
// length and capacity.
func spareWritten(v reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = spareWritten(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				out = append(out, spareWritten(f, path+"."+v.Type().Field(i).Name)...)
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil
		}
		extra := v.Slice(v.Len(), v.Cap())
		for i := range extra.Len() {
			if !extra.Index(i).IsZero() {
				out = append(out, fmt.Sprintf("%s[%d] (past len %d)", path, v.Len()+i, v.Len()))
			}
		}
		for i := range v.Len() {
			out = append(out, spareWritten(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}
