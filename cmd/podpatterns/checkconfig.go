package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/config"
)

// newCheckConfigCommand is `podpatterns check-config FILE...`, promtool's `check config`
// for podpatterns: the server's own strict parse, defaults and validation, every problem
// with its line; exit 1 if any file fails. Use it in CI before a config reaches the chart.
func newCheckConfigCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check-config FILE...",
		Short: "Check config files as the server loads them (every problem with its line); exit 1 on any failure",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			failed := 0
			for _, f := range files {
				if !checkConfigFile(cmd.OutOrStdout(), f) {
					failed++
				}
			}
			if failed > 0 {
				return &exitError{code: 1, err: fmt.Errorf("%d of %d config file(s) failed", failed, len(files))}
			}
			return nil
		},
	}
}

// checkConfigFile prints "Checking FILE" and SUCCESS with a summary (after a WARNING
// line for each of the config's warnings), or FAILED with every problem.
func checkConfigFile(out io.Writer, path string) bool {
	fmt.Fprintf(out, "Checking %s\n", path)
	cfg, err := config.LoadFile(path)
	if err != nil {
		fmt.Fprintf(out, "  FAILED: %s\n\n", indent(configError(err, path)))
		return false
	}
	for _, w := range cfg.Mutators.Warnings() {
		fmt.Fprintf(out, "  WARNING: %s\n", w)
	}
	fmt.Fprintf(out, "  SUCCESS: revision %s: %s\n\n", cfg.Revision, summary(cfg))
	return true
}

// summary names what the config defines.
func summary(cfg *config.Loaded) string {
	byKind := map[string][]string{}
	for name, t := range cfg.Sidecars {
		kind := string(t.Kind)
		if kind == "" {
			kind = "sidecar"
		}
		byKind[kind] = append(byKind[kind], name)
	}
	var parts []string
	for _, kind := range []string{"sidecar", "adapter", "ambassador"} {
		parts = append(parts, fmt.Sprintf("%d %s(s) %v", len(byKind[kind]), kind, sorted(byKind[kind])))
	}
	parts = append(parts, fmt.Sprintf("%d config template(s) %v", len(cfg.ConfigTemplates), slices.Sorted(maps.Keys(cfg.ConfigTemplates))))
	parts = append(parts, fmt.Sprintf("%d config image(s) %v", len(cfg.ConfigImages), slices.Sorted(maps.Keys(cfg.ConfigImages))))
	parts = append(parts, fmt.Sprintf("%d profile(s) %v", len(cfg.Profiles), slices.Sorted(maps.Keys(cfg.Profiles))))
	return strings.Join(parts, ", ")
}

func sorted(s []string) []string { slices.Sort(s); return s }

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

// configError adds the way out to a config file that does not exist: the default path
// only exists in the server's container.
func configError(err error, path string) string {
	if !errors.Is(err, fs.ErrNotExist) {
		return err.Error()
	}
	return fmt.Sprintf("%v\nhint: %s is not there; pass --config FILE. The chart's config is in a ConfigMap:\n"+
		"  kubectl get configmap -n podpatterns-system podpatterns-config -o jsonpath='{.data.config\\.yaml}' > config.yaml", err, path)
}
