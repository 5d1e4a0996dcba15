// Command mkreadme is `make chart-readme`: it writes charts/podpatterns/README.md from the
// chart's Chart.yaml and values.yaml (hack/chartdoc).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/podpatterns/podpatterns/hack/chartdoc"
)

func main() {
	dir := "charts/podpatterns"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(dir); err != nil {
		fmt.Fprintln(os.Stderr, "mkreadme:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	chart, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	if err != nil {
		return err
	}
	values, err := os.ReadFile(filepath.Join(dir, "values.yaml"))
	if err != nil {
		return err
	}
	readme, err := chartdoc.README(chart, values)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "README.md"), readme, 0o644)
}
