package webhook

import (
	"bytes"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"
	"unsafe"

	admissionv1 "k8s.io/api/admission/v1"
)

// TestDecodedPodOutlivesThePooledBody: decodePod's strings are views of request.object
// (no copy), and request.object is the request's own, never the pooled buffer the body
// was read into: after that buffer is reused and written over, a pod decoded from the
// review, read with the view or without, is what it was.
func TestDecodedPodOutlivesThePooledBody(t *testing.T) {
	body, err := os.ReadFile("testdata/bench/all.json")
	if err != nil {
		t.Fatal(err)
	}
	read := func(body []byte, ov *objectView) *admissionv1.AdmissionReview {
		r := httptest.NewRequest("POST", "/mutate", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var review admissionv1.AdmissionReview
		if rerr := readReview(r, &review, ov); rerr != nil {
			t.Fatal(rerr)
		}
		return &review
	}
	for _, withView := range []bool{true, false} {
		var ov *objectView
		if withView {
			ov = &objectView{want: func([]byte) bool { return true }}
		}
		raw := read(body, ov).Request.Object.Raw
		pod, err := decodePod(raw)
		if err != nil {
			t.Fatal(err)
		}
		want, err := stdDecodePod(bytes.Clone(raw))
		if err != nil {
			t.Fatal(err)
		}
		if image := pod.Spec.Containers[0].Image; !within(image, raw) {
			t.Fatalf("view %v: the pod's image %q is a copy, not a view of request.object", withView, image)
		}
		other := bytes.Clone(body)
		copy(other[bytes.Index(other, []byte(`"registry`)):], `"xxxxxxxx`)
		for range 4 {
			read(other, &objectView{want: func([]byte) bool { return true }})
			read(other, nil)
		}
		var held []*bytes.Buffer
		for range 8 { // whatever the pool holds now, written over
			buf := bodyPool.Get().(*bytes.Buffer)
			buf.Reset()
			buf.Write(bytes.Repeat([]byte{'#'}, len(body)))
			held = append(held, buf)
		}
		for _, buf := range held {
			putBody(buf)
		}
		if !reflect.DeepEqual(pod, want) {
			t.Fatalf("view %v: the decoded pod changed after its body's buffer was reused:\n got  %+v\n want %+v", withView, pod.Spec.Containers, want.Spec.Containers)
		}
	}
}

// within reports whether s's bytes lie inside b.
func within(s string, b []byte) bool {
	p, start := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return len(s) > 0 && p >= start && p+uintptr(len(s)) <= start+uintptr(len(b))
}

// TestLabelValuesOwned: a label value that is a view of a request body is held as a
// copy of its own, the same copy every time, without allocating after the first.
func TestLabelValuesOwned(t *testing.T) {
	body := []byte(`{"sidecars":"log-shipper"}`)
	view := unsafe.String(&body[13], len("log-shipper"))
	var l labelValues
	first := l.owned(view)
	if first != "log-shipper" || within(first, body) {
		t.Fatalf("owned(%q) = %q, a view of the body: %v", view, first, within(first, body))
	}
	if again := l.owned(view); unsafe.StringData(again) != unsafe.StringData(first) {
		t.Fatal("a second owned copy was made")
	}
	if n := testing.AllocsPerRun(100, func() { l.owned(view) }); n != 0 {
		t.Fatalf("owned allocates %v times for a known value", n)
	}
}
