package coherence

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"

	"github.com/podpatterns/podpatterns/config"
)

// ProfileSource is one shipped config whose profiles every pod must stay coherent with.
type ProfileSource struct {
	// Name says where the profiles come from (for test names).
	Name string
	// Config is the parsed, defaulted and validated config.
	Config *config.Loaded
}

// ShippedProfiles loads the configs podpatterns ships, relative to the repository root:
// examples/config.yaml and the `config:` of the chart's default values.
func ShippedProfiles(root string) ([]ProfileSource, error) {
	examplesPath := filepath.Join(root, "examples", "config.yaml")
	data, err := os.ReadFile(examplesPath)
	if err != nil {
		return nil, err
	}
	examples, err := config.Parse(examplesPath, data)
	if err != nil {
		return nil, err
	}
	chart, err := chartValuesConfig(filepath.Join(root, "charts", "podpatterns", "values.yaml"))
	if err != nil {
		return nil, err
	}
	return []ProfileSource{{Name: "examples", Config: examples}, {Name: "chart-values", Config: chart}}, nil
}

// chartValuesConfig parses the `config:` key of a chart values file, which the chart
// renders verbatim into the server's config file.
func chartValuesConfig(path string) (*config.Loaded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var values struct {
		Config map[string]any `json:"config"`
	}
	if err := yaml.Unmarshal(data, &values); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(values.Config) == 0 {
		return nil, fmt.Errorf("%s: no config key", path)
	}
	out, err := yaml.Marshal(values.Config)
	if err != nil {
		return nil, err
	}
	return config.Parse(path+"#config", out)
}
