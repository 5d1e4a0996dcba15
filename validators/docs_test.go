package validators_test

import (
	"os"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/validators"
)

// TestDocsNameEveryRule: docs/validators.md documents every rule the code can report, so
// an audit key or metric label is never a mystery.
func TestDocsNameEveryRule(t *testing.T) {
	doc, err := os.ReadFile("../docs/validators.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range validators.Rules {
		if !strings.Contains(string(doc), "`"+string(rule)+"`") {
			t.Errorf("docs/validators.md does not document rule %s", rule)
		}
	}
}
