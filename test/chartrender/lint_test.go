package chartrender_test

import (
	"testing"

	"helm.sh/helm/v3/pkg/lint/support"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// TestHelmLint: `helm lint` (Helm's own linter, in-process) reports no warning or error
// for any value set. Info messages (such as "icon is recommended") are allowed.
func TestHelmLint(t *testing.T) {
	for _, v := range valueSets {
		t.Run(v.name, func(t *testing.T) {
			msgs, err := chartrender.Lint(v.opts, support.WarningSev)
			if err != nil {
				t.Fatal(err)
			}
			for _, msg := range msgs {
				t.Errorf("helm lint: %s", msg)
			}
		})
	}
}

// TestHelmLintCatchesBrokenValues: the lint wrapper really reports problems (a schema
// violation is an error), so a clean lint above means something.
func TestHelmLintCatchesBrokenValues(t *testing.T) {
	msgs, err := chartrender.Lint(chartrender.Options{Values: map[string]any{"replicaCont": 1}}, support.ErrorSev)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 {
		t.Error("lint accepted a values typo")
	}
}
