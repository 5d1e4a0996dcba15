package webhook

import (
	"bytes"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/podpatterns/podpatterns/jsonscan"
)

// quantitySeeds are raw JSON values of a resource list's quantity, usual and not.
var quantitySeeds = []string{`"500m"`, `"100Mi"`, `"1e3"`, `1e3`, `"0.5"`, `0.5`, `"1.5Gi"`, `" 1 "`, `"\u0031"`, `null`,
	`"-1"`, `"+1"`, `"1E3"`, `"0"`, `0`, `"1Ki"`, `"2Mi"`, `12345678901234567890123`, `"12345678901234567890123"`,
	`"1e2147483647"`, `""`, `"abc"`, `true`, `{}`, `[]`, `"1 Gi"`, `"9223372036854775807"`, `"0.000000001"`, `"1n"`}

// TestViewQuantityAsUnmarshalJSON: over shared data, a quantity is read without a copy
// of its text, and exactly as Quantity.UnmarshalJSON reads it (value, cached text,
// error or not).
func TestViewQuantityAsUnmarshalJSON(t *testing.T) {
	for _, raw := range quantitySeeds {
		var want resource.Quantity
		wantErr := want.UnmarshalJSON([]byte(raw))
		for _, shared := range []bool{false, true} {
			var s jsonscan.Scanner
			if s.Reset([]byte(raw)); shared {
				s.ResetShared([]byte(raw))
			}
			got, ok := viewQuantity(&s, s.Skip())
			if ok != (wantErr == nil) || ok && !reflect.DeepEqual(got, want) {
				t.Errorf("shared %v, %s: %#v %v, UnmarshalJSON %#v %v", shared, raw, got, ok, want, wantErr)
			}
		}
	}
}

// TestViewOutlivesThePooledBody: the view read with the review shares the request's own
// copy of the body, never the pooled buffer the body was read into: after that buffer
// goes back to the pool and other bodies are read into it (and written over), the
// view's strings, quantities and request.object's bytes are what they were.
func TestViewOutlivesThePooledBody(t *testing.T) {
	body, err := os.ReadFile("testdata/bench/validate.json")
	if err != nil {
		t.Fatal(err)
	}
	read := func(body []byte, ov *objectView) *admissionv1.AdmissionReview {
		r := httptest.NewRequest("POST", "/validate", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var review admissionv1.AdmissionReview
		if rerr := readReview(r, &review, ov); rerr != nil {
			t.Fatal(rerr)
		}
		return &review
	}
	ov := &objectView{want: func([]byte) bool { return true }}
	review := read(body, ov)
	if !ov.read {
		t.Fatal("the view was not read with the review")
	}
	raw := bytes.Clone(review.Request.Object.Raw)
	want, err := decodePodView(raw)
	if err != nil {
		t.Fatal(err)
	}
	other := bytes.Clone(body) // the same size, other names
	copy(other[bytes.Index(other, []byte(`"nginx`)):], `"xxxxx`)
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
	if got := ov.view.pod(); !reflect.DeepEqual(got, want) {
		t.Fatalf("the view changed after its body's buffer was reused:\n got  %+v\n want %+v", got, want)
	}
	if !bytes.Equal(review.Request.Object.Raw, raw) {
		t.Fatalf("request.object changed after its body's buffer was reused: %.200s", review.Request.Object.Raw)
	}
}
