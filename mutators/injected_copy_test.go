package mutators

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// TestInjectedCopyClipsEverySlice: every slice field of corev1.Container (found by
// reflection, so a field a Kubernetes upgrade adds is covered) is clipped in the copy
// (an append never writes into the template's array). Negative control run: a slice
// left out of injectedCopy fails it.
func TestInjectedCopyClipsEverySlice(t *testing.T) {
	tmpl := &corev1.Container{}
	v := reflect.ValueOf(tmpl).Elem()
	slices := 0
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		f.Set(reflect.MakeSlice(f.Type(), 1, 4)) // room to append in place
		slices++
	}
	if slices < 8 {
		t.Fatalf("corev1.Container has %d slice fields; expected at least 8", slices)
	}
	c := reflect.ValueOf(injectedCopy(tmpl)).Elem()
	for i := range c.NumField() {
		if f := c.Field(i); f.Kind() == reflect.Slice && f.Len() != f.Cap() {
			t.Errorf("injectedCopy leaves %s with room to append into the template's array (len %d, cap %d)",
				c.Type().Field(i).Name, f.Len(), f.Cap())
		}
	}
}
