package patch

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/jsonenc"
)

// marshalValue is the straightforward op-value encoder: json.Marshal of the value.
func marshalValue(dst []byte, v reflect.Value) ([]byte, error) {
	b, err := json.Marshal(v.Interface())
	return append(dst, b...), err
}

// samePatchBothEncoders fails when the patch from orig to mutated written with
// jsonenc.AppendValue differs in a byte from the one written with json.Marshal per op
// value. The golden cases call it through the export in export_test.go.
func samePatchBothEncoders(t testing.TB, orig, mutated *corev1.Pod) {
	t.Helper()
	fast, errFast := pod(orig, mutated, jsonenc.AppendValue)
	straight, errStraight := pod(orig, mutated, marshalValue)
	if (errFast != nil) != (errStraight != nil) || !bytes.Equal(fast, straight) {
		t.Fatalf("patches differ:\n AppendValue  %s (%v)\n json.Marshal %s (%v)", fast, errFast, straight, errStraight)
	}
}
