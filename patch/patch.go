package patch

import (
	"bytes"
	"encoding/json"
	"reflect"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonenc"
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
	enc *json.Encoder // writes op values straight into buf
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
	w.buf.Write(jsonenc.AppendString(w.buf.AvailableBuffer(), path))
	if op != "remove" {
		w.buf.WriteString(`,"value":`)
		w.value(value)
	}
	w.buf.WriteByte('}')
}

// value writes one op value as json.Marshal would: strings (annotation values) without
// reflection, anything else through one Encoder that writes into the buffer instead of
// allocating a slice per op.
func (w *patchWriter) value(value any) {
	if s, ok := value.(string); ok {
		w.buf.Write(jsonenc.AppendString(w.buf.AvailableBuffer(), s))
		return
	}
	if w.enc == nil {
		w.enc = json.NewEncoder(&w.buf)
	}
	if err := w.enc.Encode(value); err != nil {
		if w.err == nil {
			w.err = err
		}
		return
	}
	w.buf.Truncate(w.buf.Len() - 1) // Encode ends the value with a newline
}
