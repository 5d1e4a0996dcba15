package webhook

import (
	"os"
	"testing"
)

// TestMain runs the package's tests with poisoned bodies (poisonBodies).
func TestMain(m *testing.M) {
	poisonBodies = true
	os.Exit(m.Run())
}
