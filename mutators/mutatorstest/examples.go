package mutatorstest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	corev1 "k8s.io/api/core/v1"
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

// Row is one pod through one pipeline in one namespace: a golden case in a namespace of
// the doors table, or the all-patterns pod under examples/config.yaml.
type Row struct {
	Name      string
	Pipeline  *admission.Pipeline
	Pod       *corev1.Pod
	Namespace mutators.Namespace
}

// AllRows are the rows the chain's guards run over: every golden case in every
// namespace of the doors table (AllDoors), then AllPatternsPod under examples/config.yaml
// in a namespace opted into injection, without a profile and with each shipped one.
func AllRows(t testing.TB) []Row {
	t.Helper()
	var rows []Row
	for _, d := range AllDoors(t) {
		p, err := d.Pipeline()
		if err != nil {
			t.Fatalf("%s: %v", d.Case.Name, err)
		}
		rows = append(rows, Row{d.Case.Name + " in " + d.Name(), p, d.Case.Pod(), d.Namespace})
	}
	p := admission.Compose(ExampleConfig(t), admission.Deps{RenderImage: RenderImage})
	for _, profile := range []string{"", "standard", "guaranteed", "burstable"} {
		ns := mutators.Namespace{Name: "shop", Labels: map[string]string{mutators.LabelInject: mutators.InjectEnabled}}
		if profile != "" {
			ns.Labels[mutators.LabelProfile] = profile
		}
		rows = append(rows, Row{"all patterns, profile " + profile, p, AllPatternsPod(), ns})
	}
	return rows
}
