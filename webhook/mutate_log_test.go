package webhook

import (
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
	admissionv1 "k8s.io/api/admission/v1"
)

// TestLogMutated: the debug line of a mutation is written with its values at V(1), and
// nothing is written (or allocated) below it.
func TestLogMutated(t *testing.T) {
	req := &admissionv1.AdmissionRequest{UID: "u-1", Namespace: "shop"}
	for _, verbosity := range []int{0, 1} {
		var lines []string
		h := &Handlers{log: funcr.NewJSON(func(s string) { lines = append(lines, s) }, funcr.Options{Verbosity: verbosity})}
		allocs := testing.AllocsPerRun(10, func() { h.logMutated(req, "rev", 6, 1, 8200) })
		switch {
		case verbosity == 0 && (len(lines) != 0 || allocs != 0):
			t.Errorf("V(1) off: %d lines, %v allocations", len(lines), allocs)
		case verbosity == 1 && (len(lines) == 0 || !strings.Contains(lines[0], `"uid":"u-1"`) || !strings.Contains(lines[0], `"patchBytes":8200`)):
			t.Errorf("V(1) on: %v", lines)
		}
	}
}
