package patch

import (
	"bytes"
	"reflect"
	"slices"
	"strconv"
	"unsafe"

	corev1 "k8s.io/api/core/v1"
)

// specialDiff handles a field whose changes should be finer than "replace the field".
type specialDiff func(w *patchWriter, old, new reflect.Value)

// specialFields: by struct type, JSON field name → diff function. Set in init because
// the diff functions recurse into diffStruct, which reads this table.
var specialFields map[reflect.Type]map[string]specialDiff

func init() {
	specialFields = map[reflect.Type]map[string]specialDiff{
		reflect.TypeFor[corev1.Pod](): {},
		reflect.TypeFor[corev1.PodSpec](): {
			"containers":     diffContainers,
			"initContainers": diffContainers,
			"volumes":        diffVolumes,
		},
		reflect.TypeFor[corev1.Container](): {
			"env":          diffAppendable,
			"envFrom":      diffAppendable,
			"volumeMounts": diffAppendable,
			"ports":        diffAppendable,
		},
	}
}

// diffStruct emits ops for every JSON field of a struct that differs (old and new are
// addressable: the values written are the mutated pod's own).
func (w *patchWriter) diffStruct(old, new reflect.Value) {
	special := specialFields[old.Type()]
	oldBase, newBase := old.Addr().UnsafePointer(), new.Addr().UnsafePointer()
	for _, f := range structFields(old.Type()) {
		if f.sameBytes && sameMemory(oldBase, newBase, f.offset, f.size) {
			continue // the same strings, pointers, slices and maps: equal without a walk
		}
		of, nf := old.Field(f.index[0]), new.Field(f.index[0])
		if f.inline {
			w.diffStruct(of, nf)
			continue
		}
		if valueEqual(of, nf) {
			continue // the common case: touch no path, emit nothing
		}
		n := w.push(f.name)
		switch {
		case f.name == "metadata":
			w.diffStruct(of, nf)
		case f.name == "spec" && of.Type() == reflect.TypeFor[corev1.PodSpec]():
			w.diffStruct(of, nf)
		case of.Kind() == reflect.Map && of.Type().Key().Kind() == reflect.String && of.Type().Elem().Kind() == reflect.String:
			diffStringMap(w, of, nf)
		case special[f.name] != nil:
			special[f.name](w, of, nf)
		default:
			w.diffField(f, of, nf)
		}
		w.pop(n)
	}
}

// diffField replaces (add) or removes one field that differs.
func (w *patchWriter) diffField(f fieldMeta, old, new reflect.Value) {
	if f.omitEmpty(new) {
		if !f.omitEmpty(old) {
			w.op("remove", new)
		}
		return
	}
	w.op("add", new) // add on an existing member replaces it (RFC 6902 4.1)
}

// diffStringMap emits one op per changed key of labels, annotations or a selector.
func diffStringMap(w *patchWriter, old, new reflect.Value) {
	o, n := old.Interface().(map[string]string), new.Interface().(map[string]string)
	if len(o) == 0 {
		if len(n) > 0 {
			w.op("add", new)
		}
		return
	}
	if len(n) == 0 {
		w.op("remove", new)
		return
	}
	var stack [16]string
	for _, k := range sortedStringKeys(stack[:0], n) {
		if ov, ok := o[k]; !ok || ov != n[k] {
			at := w.push(k)
			w.opString(n[k])
			w.pop(at)
		}
	}
	for _, k := range sortedStringKeys(stack[:0], o) {
		if _, ok := n[k]; !ok {
			at := w.push(k)
			w.op("remove", new)
			w.pop(at)
		}
	}
}

// diffAppendable appends new items when the old list is a prefix of the new one
// (what mutators do to env, mounts and ports), else replaces the list.
func diffAppendable(w *patchWriter, old, new reflect.Value) {
	if old.Len() == 0 || new.Len() < old.Len() || !valueEqual(old, new.Slice(0, old.Len())) {
		if new.Len() == 0 {
			w.op("remove", new)
			return
		}
		w.op("add", new)
		return
	}
	for i := old.Len(); i < new.Len(); i++ {
		at := len(w.path)
		w.path = append(w.path, "/-"...)
		w.op("add", new.Index(i))
		w.pop(at)
	}
}

func diffContainers(w *patchWriter, old, new reflect.Value) {
	diffNamed(w, old, new, func(c *corev1.Container) string { return c.Name },
		func(oc, nc reflect.Value) { w.diffStruct(oc, nc) })
}

func diffVolumes(w *patchWriter, old, new reflect.Value) {
	diffNamed(w, old, new, func(v *corev1.Volume) string { return v.Name },
		func(ov, nv reflect.Value) {
			if !valueEqual(ov, nv) {
				w.op("replace", nv)
			}
		})
}

// diffNamed diffs a list keyed by name. When every old item is still there in the same
// order, new items become inserts at their index and kept items are diffed in place;
// otherwise (an item removed or reordered) the whole list is replaced.
func diffNamed[T any](w *patchWriter, oldV, newV reflect.Value, name func(*T) string, diffItem func(old, new reflect.Value)) {
	old, new := *oldV.Addr().Interface().(*[]T), *newV.Addr().Interface().(*[]T)
	if len(old) == 0 || len(new) == 0 || !keepsOrder(old, new, name) {
		if !valueEqual(oldV, newV) {
			if len(new) == 0 {
				w.op("remove", newV)
			} else {
				w.op("add", newV)
			}
		}
		return
	}
	j := 0
	for i := range new {
		at := len(w.path)
		w.path = strconv.AppendInt(append(w.path, '/'), int64(i), 10)
		if j < len(old) && name(&old[j]) == name(&new[i]) {
			diffItem(oldV.Index(j), newV.Index(i))
			j++
		} else {
			w.op("add", newV.Index(i))
		}
		w.pop(at)
	}
}

// keepsOrder reports whether new contains every item of old, in the same order.
func keepsOrder[T any](old, new []T, name func(*T) string) bool {
	j := 0
	for i := range new {
		if j < len(old) && name(&old[j]) == name(&new[i]) {
			j++
		}
	}
	return j == len(old)
}

// sortedStringKeys appends m's keys to keys, sorted.
func sortedStringKeys(keys []string, m map[string]string) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sameMemory reports whether the size bytes at offset of the structs at a and b are
// identical.
func sameMemory(a, b unsafe.Pointer, offset, size uintptr) bool {
	return bytes.Equal(unsafe.Slice((*byte)(unsafe.Add(a, offset)), size), unsafe.Slice((*byte)(unsafe.Add(b, offset)), size))
}
