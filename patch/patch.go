package patch

import (
	"bytes"
	"encoding/json"
	"reflect"

	corev1 "k8s.io/api/core/v1"
)

// Pod returns the RFC 6902 JSON patch that turns orig into mutated, or nil when they
// are equal. orig must be the pod exactly as decoded from the request.
//
// The patch is built from the typed objects, field by field, and is as fine-grained as
// the mutators' changes allow: a new annotation is one op on that key, a new container is
// an insert at its index, an env var appended to an existing container is an append. It
// never replaces a whole object the mutators did not change, so fields this build of
// k8s.io/api does not know (a newer apiserver's) survive the patch untouched.
func Pod(orig, mutated *corev1.Pod) ([]byte, error) {
	w := &patchWriter{}
	w.diffStruct("", reflect.ValueOf(orig).Elem(), reflect.ValueOf(mutated).Elem())
	if w.err != nil {
		return nil, w.err
	}
	if w.ops == 0 {
		return nil, nil
	}
	w.buf.WriteByte(']')
	return w.buf.Bytes(), nil
}

// patchWriter accumulates operations as JSON.
type patchWriter struct {
	buf bytes.Buffer
	ops int
	err error
}

func (w *patchWriter) op(op, path string, value any) {
	if w.ops == 0 {
		w.buf.WriteByte('[')
	} else {
		w.buf.WriteByte(',')
	}
	w.ops++
	w.buf.WriteString(`{"op":"`)
	w.buf.WriteString(op)
	w.buf.WriteString(`","path":`)
	writeJSONString(&w.buf, path)
	if op != "remove" {
		w.buf.WriteString(`,"value":`)
		b, err := json.Marshal(value)
		if err != nil && w.err == nil {
			w.err = err
		}
		w.buf.Write(b)
	}
	w.buf.WriteByte('}')
}

func writeJSONString(b *bytes.Buffer, s string) {
	out, _ := json.Marshal(s) // marshaling a string cannot fail
	b.Write(out)
}
