package jsonenc

import (
	"reflect"
	"unsafe"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// quantityString is the index of Quantity's cached string: MarshalJSON writes it when
// set (the spelling it was parsed from, when that was canonical enough to keep, such as
// "001Ki"), else the canonical form. -1 if this build of apimachinery has no such field:
// then String() (which returns the same) is used on a copy.
var quantityString = func() int {
	if f, ok := quantityType.FieldByName("s"); ok && f.Type.Kind() == reflect.String && len(f.Index) == 1 {
		return f.Index[0]
	}
	return -1
}()

// appendQuantity writes what Quantity.MarshalJSON writes for v, a Quantity.
func appendQuantity(dst []byte, v reflect.Value) []byte {
	if quantityString < 0 {
		q := v.Interface().(resource.Quantity)
		return append(append(append(dst, '"'), q.String()...), '"')
	}
	if s := v.Field(quantityString).String(); s != "" {
		return append(append(append(dst, '"'), s...), '"')
	}
	if v.CanAddr() {
		return appendCanonical(dst, v.Addr().Interface().(*resource.Quantity))
	}
	q := v.Interface().(resource.Quantity)
	return appendCanonical(dst, &q)
}

// appendCanonical writes q's canonical form in quotes. CanonicalizeBytes does not
// change q and writes the digits into dst's spare room when there is enough.
func appendCanonical(dst []byte, q *resource.Quantity) []byte {
	dst = append(dst, '"')
	n := len(dst)
	number, suffix := q.CanonicalizeBytes(dst[n:n])
	if len(number) > 0 && cap(dst) > n && &number[0] == &dst[:n+1][n] {
		dst = dst[:n+len(number)] // written in place
	} else {
		dst = append(dst, number...)
	}
	return append(append(dst, suffix...), '"')
}

// quantityStringOffset is where Quantity keeps its cached string (-1: no such field).
var quantityStringOffset = func() uintptr {
	if quantityString < 0 {
		return ^uintptr(0)
	}
	return quantityType.Field(quantityString).Offset
}()

// appendQuantityAt writes what q.MarshalJSON writes, q being a copy of the list's.
func appendQuantityAt(dst []byte, q *resource.Quantity) []byte {
	if quantityString < 0 {
		return append(append(append(dst, '"'), q.String()...), '"')
	}
	if s := *(*string)(unsafe.Add(unsafe.Pointer(q), quantityStringOffset)); s != "" {
		return append(append(append(dst, '"'), s...), '"')
	}
	return appendCanonical(dst, q)
}

// resourceEntry is one quantity of a resource list, copied out to be written in order.
type resourceEntry struct {
	name corev1.ResourceName
	q    resource.Quantity
}

// appendResources writes a resource list (quantities by name), names sorted: one pass
// over the map copies the entries out (on the stack for up to eight), sorted in place.
func appendResources(dst []byte, v reflect.Value) []byte {
	if v.IsNil() {
		return append(dst, "null"...)
	}
	list, ok := v.Interface().(corev1.ResourceList)
	if !ok {
		list = make(corev1.ResourceList, v.Len()) // another map type of quantities: rare
		for it := v.MapRange(); it.Next(); {
			list[corev1.ResourceName(it.Key().String())] = it.Value().Interface().(resource.Quantity)
		}
	}
	var stack [8]resourceEntry
	entries := stack[:0]
	for name, q := range list {
		entries = append(entries, resourceEntry{name, q})
	}
	for i := 1; i < len(entries); i++ { // insertion sort: a handful of names
		for j := i; j > 0 && entries[j].name < entries[j-1].name; j-- {
			entries[j], entries[j-1] = entries[j-1], entries[j]
		}
	}
	dst = append(dst, '{')
	for i := range entries {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuantityAt(append(AppendString(dst, string(entries[i].name)), ':'), &entries[i].q)
	}
	return append(dst, '}')
}
