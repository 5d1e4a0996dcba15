package patch

import (
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
	return podWith(orig, mutated, nil, nil)
}

// PodShared is Pod with the op values written through s: a pointer or slice s
// precomputed (an injected object the chain shares with its config revision, still
// exactly as it was) is copied from s instead of being encoded. The bytes are Pod's.
func PodShared(orig, mutated *corev1.Pod, s *jsonenc.Shared) ([]byte, error) {
	return podWith(orig, mutated, nil, s)
}

// encoder writes one op value as json.Marshal would.
type encoder func(dst []byte, v reflect.Value) ([]byte, error)

// pod is Pod with the op values written by enc (the tests compare jsonenc.AppendValue
// with json.Marshal).
func pod(orig, mutated *corev1.Pod, enc encoder) ([]byte, error) {
	return podWith(orig, mutated, enc, nil)
}

// podWith writes the op values by enc, or (enc nil) through shared (nil: by
// reflection alone). Not a method value of shared: that would allocate per patch.
func podWith(orig, mutated *corev1.Pod, enc encoder, shared *jsonenc.Shared) ([]byte, error) {
	w := &patchWriter{enc: enc, shared: shared, path: make([]byte, 0, 128)}
	w.diffStruct(reflect.ValueOf(orig).Elem(), reflect.ValueOf(mutated).Elem())
	if w.err != nil {
		return nil, w.err
	}
	if w.ops == 0 {
		return nil, nil
	}
	w.buf = append(w.buf, ']')
	notePatchLen(len(w.buf))
	return w.buf, nil
}

// patchWriter accumulates operations as JSON. path is the JSON pointer of the field
// being diffed, grown and cut back as the diff descends (no string per path).
type patchWriter struct {
	buf    []byte
	path   []byte
	enc    encoder         // nil: shared.AppendValue
	shared *jsonenc.Shared // nil: jsonenc.AppendValue
	ops    int
	err    error
}

// push appends the reference token seg (escaped, RFC 6901) to the path; pop(n) with
// push's result restores it.
func (w *patchWriter) push(seg string) int {
	n := len(w.path)
	w.path = appendPointerToken(append(w.path, '/'), seg)
	return n
}

func (w *patchWriter) pop(n int) { w.path = w.path[:n] }

// op writes one operation on the current path; value is not read for "remove".
func (w *patchWriter) op(op string, value reflect.Value) {
	w.begin(op)
	if op != "remove" {
		var err error
		if w.buf, err = w.value(append(w.buf, `,"value":`...), value); err != nil && w.err == nil {
			w.err = err
		}
	}
	w.buf = append(w.buf, '}')
}

// value writes an op value by w.enc, else through w.shared.
func (w *patchWriter) value(dst []byte, v reflect.Value) ([]byte, error) {
	if w.enc != nil {
		return w.enc(dst, v)
	}
	return w.shared.AppendValue(dst, v)
}

// opString writes an "add" of a string (an annotation or label value).
func (w *patchWriter) opString(value string) {
	w.begin("add")
	w.buf = append(jsonenc.AppendString(append(w.buf, `,"value":`...), value), '}')
}

func (w *patchWriter) begin(op string) {
	if w.ops == 0 {
		w.buf = append(make([]byte, 0, patchBufferSize()), '[') // the last patch's size: no regrowth
	} else {
		w.buf = append(w.buf, ',')
	}
	w.ops++
	w.buf = append(append(append(w.buf, `{"op":"`...), op...), `","path":`...)
	w.buf = appendPath(w.buf, w.path)
}

// appendPath writes path as a JSON string: as is when every byte needs no escaping
// (every path the mutators produce), else through jsonenc.
func appendPath(dst, path []byte) []byte {
	for _, b := range path {
		if b < 0x20 || b >= 0x80 || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
			return jsonenc.AppendString(dst, string(path))
		}
	}
	return append(append(append(dst, '"'), path...), '"')
}

// appendPointerToken escapes a JSON pointer reference token (RFC 6901): ~ and / .
func appendPointerToken(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			dst = append(dst, '~', '0')
		case '/':
			dst = append(dst, '~', '1')
		default:
			dst = append(dst, s[i])
		}
	}
	return dst
}
