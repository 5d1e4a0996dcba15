package jsonenc

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"k8s.io/apimachinery/pkg/util/intstr"
)

// AppendValue appends v as json.Marshal(v.Interface()) writes it, byte for byte, without
// allocating for the shapes of Kubernetes API objects: structs with JSON tags, strings,
// integers, booleans, pointers, slices, string maps, resource lists, quantities and
// int-or-strings. Anything else (floats, interfaces, byte slices, other marshalers) is
// handed to json.Marshal where it occurs. The error is json.Marshal's.
func AppendValue(dst []byte, v reflect.Value) ([]byte, error) {
	return appendPlanned(dst, v, planOf(v.Type()), nil)
}

// appendPlanned writes v by p, v's type's plan, copying what s precomputed (s may be nil).
func appendPlanned(dst []byte, v reflect.Value, p *plan, s *Shared) ([]byte, error) {
	switch p.how {
	case viaAddrJSON:
		if v.CanAddr() {
			return appendJSON(dst, v.Addr())
		}
		return appendByKind(dst, v, p.byKind, p, s)
	case viaJSON:
		return appendJSON(dst, v)
	case viaQuantity:
		return appendQuantity(dst, v), nil
	case viaIntOrString:
		return appendIntOrString(dst, v)
	}
	return appendByKind(dst, v, p.how, p, s)
}

// appendByKind writes v by its kind (p: v's plan, for struct fields and elements); a
// pointer or slice s precomputed is copied.
func appendByKind(dst []byte, v reflect.Value, h how, p *plan, s *Shared) ([]byte, error) {
	switch h {
	case viaBool:
		return strconv.AppendBool(dst, v.Bool()), nil
	case viaInt:
		return strconv.AppendInt(dst, v.Int(), 10), nil
	case viaUint:
		return strconv.AppendUint(dst, v.Uint(), 10), nil
	case viaString:
		return AppendString(dst, v.String()), nil
	case viaPointer:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if json, ok := s.lookup(v, p); ok {
			return append(dst, json...), nil
		}
		return appendPlanned(dst, v.Elem(), p.elem, s)
	case viaSlice:
		if v.IsNil() {
			return append(dst, "null"...), nil
		}
		if json, ok := s.lookup(v, p); ok {
			return append(dst, json...), nil
		}
		return appendList(dst, v, p.elem, s)
	case viaArray:
		return appendList(dst, v, p.elem, s)
	case viaStringMap:
		return appendStringMapValue(dst, v), nil
	case viaResources:
		return appendResources(dst, v), nil
	case viaStruct:
		return appendStruct(dst, v, p, s)
	}
	return appendJSON(dst, v)
}

func appendList(dst []byte, v reflect.Value, elem *plan, s *Shared) ([]byte, error) {
	dst = append(dst, '[')
	var err error
	for i := range v.Len() {
		if i > 0 {
			dst = append(dst, ',')
		}
		if dst, err = appendPlanned(dst, v.Index(i), elem, s); err != nil {
			return dst, err
		}
	}
	return append(dst, ']'), nil
}

// appendStruct writes v member by member; a struct s precomputed is copied whole, or
// member by member where v still has the precomputed member's memory.
func appendStruct(dst []byte, v reflect.Value, p *plan, s *Shared) ([]byte, error) {
	var base unsafe.Pointer // the struct's memory, when it has an address: emptiness is read there
	var cand *sharedStruct
	if v.CanAddr() {
		base = v.Addr().UnsafePointer()
		if p.keyed && s != nil && len(s.structs) > 0 {
			var json []byte
			if json, cand = s.structOf(base, p); json != nil {
				return append(dst, json...), nil
			}
		}
	}
	dst = append(dst, '{')
	first, err := true, error(nil)
	for i := range p.fields {
		f := &p.fields[i]
		if cand != nil {
			if member, ok := cand.member(base, f, i); ok {
				if member != nil {
					if !first {
						dst = append(dst, ',')
					}
					first = false
					dst = append(dst, member...)
				}
				continue
			}
		}
		known := false
		if f.omitEmpty && base != nil {
			var empty bool
			if empty, known = f.emptyAt(base); empty {
				continue
			}
		}
		var fv reflect.Value
		if len(f.index) == 1 {
			fv = v.Field(f.index[0])
		} else {
			fv = v.FieldByIndex(f.index)
		}
		if f.omitEmpty && !known && isEmpty(fv) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		if dst, err = appendPlanned(append(dst, f.key...), fv, f.plan, s); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
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

// appendJSON is the fallback: json.Marshal of the value, through its address when it
// has one (so what encoding/json would find addressable stays so).
func appendJSON(dst []byte, v reflect.Value) ([]byte, error) {
	if v.CanAddr() {
		v = v.Addr()
	}
	b, err := json.Marshal(v.Interface())
	return append(dst, b...), err
}

// appendIntOrString writes what IntOrString.MarshalJSON writes.
func appendIntOrString(dst []byte, v reflect.Value) ([]byte, error) {
	var is *intstr.IntOrString
	if v.CanAddr() {
		is = v.Addr().Interface().(*intstr.IntOrString)
	} else {
		c := v.Interface().(intstr.IntOrString)
		is = &c
	}
	switch is.Type {
	case intstr.Int:
		return strconv.AppendInt(dst, int64(is.IntVal), 10), nil
	case intstr.String:
		return AppendString(dst, is.StrVal), nil
	}
	return appendJSON(dst, v) // encoding/json's own error
}

// appendStringMapValue writes a map of strings to strings, keys sorted.
func appendStringMapValue(dst []byte, v reflect.Value) []byte {
	if v.IsNil() {
		return append(dst, "null"...)
	}
	if m, ok := v.Interface().(map[string]string); ok {
		return appendStringMap(dst, m)
	}
	keys := v.MapKeys() // a named string type: rare, allocating
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(append(AppendString(dst, k.String()), ':'), v.MapIndex(k).String())
	}
	return append(dst, '}')
}
