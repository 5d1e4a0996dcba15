package chartdoc

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// chartMeta is what the README takes from Chart.yaml.
type chartMeta struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Version     string `yaml:"version"`
	AppVersion  string `yaml:"appVersion"`
	KubeVersion string `yaml:"kubeVersion"`
	Home        string `yaml:"home"`
}

// cell escapes what would end a table cell or be read as HTML.
var cell = strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;")

// README is the chart's README.md for chartYAML and values.
func README(chartYAML, values []byte) ([]byte, error) {
	var meta chartMeta
	if err := yaml.Unmarshal(chartYAML, &meta); err != nil {
		return nil, fmt.Errorf("Chart.yaml: %w", err)
	}
	rows, err := Rows(values)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!-- Generated from Chart.yaml and values.yaml by `make chart-readme`; do not edit. -->\n")
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", meta.Name, strings.TrimSpace(meta.Description))
	fmt.Fprintf(&b, "Chart %s, app %s, Kubernetes %s. Project, install guide and operations: %s\n", meta.Version, meta.AppVersion, meta.KubeVersion, meta.Home)
	fmt.Fprintf(&b, "(docs/install.md, docs/chart.md, docs/operations/).\n\n")
	fmt.Fprintf(&b, "```sh\nhelm install %s oci://REGISTRY/charts/%s --version %s -n podpatterns-system --create-namespace \\\n", meta.Name, meta.Name, meta.Version)
	fmt.Fprintf(&b, "  --set image.repository=REGISTRY/podpatterns --wait --timeout 5m\n")
	fmt.Fprintf(&b, "kubectl label namespace shop podpatterns.io/inject=enabled podpatterns.io/profile=standard\n```\n\n")
	fmt.Fprintf(&b, "## Values\n\nvalues.schema.json rejects unknown keys. A section row (no default) describes the keys under it.\n\n")
	fmt.Fprintf(&b, "| key | default | description |\n|---|---|---|\n")
	for _, r := range rows {
		def := ""
		if r.Default != "" {
			def = "`" + strings.ReplaceAll(r.Default, "|", "\\|") + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.Key, def, cell.Replace(r.Description))
	}
	return b.Bytes(), nil
}
