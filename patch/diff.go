package patch

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// specialDiff handles a field whose changes should be finer than "replace the field".
type specialDiff func(w *patchWriter, path string, old, new reflect.Value)

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

// diffStruct emits ops for every JSON field of a struct that differs.
func (w *patchWriter) diffStruct(path string, old, new reflect.Value) {
	special := specialFields[old.Type()]
	for _, f := range structFields(old.Type()) {
		of, nf := old.FieldByIndex(f.index), new.FieldByIndex(f.index)
		if f.inline {
			w.diffStruct(path, of, nf)
			continue
		}
		if valueEqual(of, nf) {
			continue // the common case: build no path, emit nothing
		}
		fp := path + "/" + escapePointer(f.name)
		switch {
		case f.name == "metadata":
			w.diffStruct(fp, of, nf)
		case f.name == "spec" && of.Type() == reflect.TypeFor[corev1.PodSpec]():
			w.diffStruct(fp, of, nf)
		case of.Kind() == reflect.Map && of.Type().Key().Kind() == reflect.String && of.Type().Elem().Kind() == reflect.String:
			diffStringMap(w, fp, of, nf)
		case special[f.name] != nil:
			special[f.name](w, fp, of, nf)
		default:
			w.diffField(fp, f, of, nf)
		}
	}
}

// diffField replaces (add) or removes one field that differs.
func (w *patchWriter) diffField(path string, f fieldMeta, old, new reflect.Value) {
	if f.omitEmpty(new) {
		if !f.omitEmpty(old) {
			w.op("remove", path, nil)
		}
		return
	}
	w.op("add", path, new.Interface()) // add on an existing member replaces it (RFC 6902 4.1)
}

// diffStringMap emits one op per changed key of labels, annotations or a selector.
func diffStringMap(w *patchWriter, path string, old, new reflect.Value) {
	o, n := old.Interface().(map[string]string), new.Interface().(map[string]string)
	if len(o) == 0 {
		if len(n) > 0 {
			w.op("add", path, n)
		}
		return
	}
	if len(n) == 0 {
		w.op("remove", path, nil)
		return
	}
	for _, k := range sortedStringKeys(n) {
		if ov, ok := o[k]; !ok || ov != n[k] {
			w.op("add", path+"/"+escapePointer(k), n[k])
		}
	}
	for _, k := range sortedStringKeys(o) {
		if _, ok := n[k]; !ok {
			w.op("remove", path+"/"+escapePointer(k), nil)
		}
	}
}

// diffAppendable appends new items when the old list is a prefix of the new one
// (what mutators do to env, mounts and ports), else replaces the list.
func diffAppendable(w *patchWriter, path string, old, new reflect.Value) {
	if old.Len() == 0 || new.Len() < old.Len() || !valueEqual(old, new.Slice(0, old.Len())) {
		if new.Len() == 0 {
			w.op("remove", path, nil)
			return
		}
		w.op("add", path, new.Interface())
		return
	}
	for i := old.Len(); i < new.Len(); i++ {
		w.op("add", path+"/-", new.Index(i).Interface())
	}
}

func diffContainers(w *patchWriter, path string, old, new reflect.Value) {
	o, n := old.Interface().([]corev1.Container), new.Interface().([]corev1.Container)
	diffNamed(w, path, o, n, func(c *corev1.Container) string { return c.Name },
		func(p string, oc, nc *corev1.Container) {
			w.diffStruct(p, reflect.ValueOf(oc).Elem(), reflect.ValueOf(nc).Elem())
		})
}

func diffVolumes(w *patchWriter, path string, old, new reflect.Value) {
	o, n := old.Interface().([]corev1.Volume), new.Interface().([]corev1.Volume)
	diffNamed(w, path, o, n, func(v *corev1.Volume) string { return v.Name },
		func(p string, ov, nv *corev1.Volume) {
			if !valueEqual(reflect.ValueOf(ov).Elem(), reflect.ValueOf(nv).Elem()) {
				w.op("replace", p, nv)
			}
		})
}

// diffNamed diffs a list keyed by name. When every old item is still there in the same
// order, new items become inserts at their index and kept items are diffed in place;
// otherwise (an item removed or reordered) the whole list is replaced.
func diffNamed[T any](w *patchWriter, path string, old, new []T, name func(*T) string, diffItem func(string, *T, *T)) {
	if len(old) == 0 || len(new) == 0 || !keepsOrder(old, new, name) {
		if !valueEqual(reflect.ValueOf(old), reflect.ValueOf(new)) {
			if len(new) == 0 {
				w.op("remove", path, nil)
			} else {
				w.op("add", path, new)
			}
		}
		return
	}
	j := 0
	for i := range new {
		p := path + "/" + strconv.Itoa(i)
		if j < len(old) && name(&old[j]) == name(&new[i]) {
			diffItem(p, &old[j], &new[i])
			j++
			continue
		}
		w.op("add", p, &new[i])
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

func sortedStringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// escapePointer escapes a JSON pointer reference token (RFC 6901): ~ and / .
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
