package webhook

import (
	"reflect"
	"testing"

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
