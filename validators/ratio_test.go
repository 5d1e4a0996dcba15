package validators

import (
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
)

// TestFormatRatio: two decimals, the third rounding half up (1.005 is 1.01, 1.666... is
// 1.67, 1.999 is 2), trailing zeros and point dropped.
func TestFormatRatio(t *testing.T) {
	for _, tc := range []struct{ limit, request, want string }{
		{"4", "1", "4"}, {"5", "2", "2.5"}, {"4", "3", "1.33"}, {"5", "3", "1.67"}, {"1005m", "1", "1.01"},
		{"1004m", "1", "1"}, {"1999m", "1", "2"}, {"2001m", "1", "2"}, {"1Gi", "1000Mi", "1.02"}, {"3", "2", "1.5"},
		{"1", "3", "0.33"}, {"2", "3", "0.67"},
	} {
		if got := formatRatio(resource.MustParse(tc.limit), resource.MustParse(tc.request)); got != tc.want {
			t.Errorf("formatRatio(%s, %s) = %s, want %s", tc.limit, tc.request, got, tc.want)
		}
	}
}
