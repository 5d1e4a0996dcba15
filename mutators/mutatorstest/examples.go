package mutatorstest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/podpatterns/podpatterns/config"
)

// ExampleConfig is the repository's examples/config.yaml, parsed as the server parses
// it (the config the harness, the demo and most package tests run): the repository is
// found from the test's working directory up.
func ExampleConfig(t testing.TB) *config.Loaded {
	t.Helper()
	root, err := repoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "examples", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("examples/config.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// AllDoors is the doors table (Doors) of every golden case of mutators/testdata, the
// repository found from the test's working directory up.
func AllDoors(t testing.TB) []Door {
	t.Helper()
	root, err := repoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := LoadCases(filepath.Join(root, "mutators", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	doors, err := Doors(root, cases)
	if err != nil {
		t.Fatal(err)
	}
	return doors
}
