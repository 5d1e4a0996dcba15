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
// with its line; exit 1 if any file is invalid, 2 if a file cannot be read. Use it in CI
// before a config reaches the chart.
func newCheckConfigCommand() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "check-config FILE...",
		Short: "Check config files as the server loads them (every problem with its line); exit 1 on an invalid file, 2 on a missing one",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if output != "text" && output != "json" {
				return usageError("-o %q: want text or json", output)
			}
			results := make([]configCheck, len(files))
			for i, f := range files {
				results[i] = checkConfigFile(f)
			}
			if err := writeConfigChecks(cmd.OutOrStdout(), output, results); err != nil {
				return err
			}
			return configChecksExit(results)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "text, or json: one object per file (file, valid, revision, problems, defines)")
	return cmd
}

// configCheck is one file's result; it is also the JSON output.
type configCheck struct {
	File     string              `json:"file"`
	Valid    bool                `json:"valid"`
	Missing  bool                `json:"missing,omitempty"`
	Revision string              `json:"revision,omitempty"`
	Problems []string            `json:"problems,omitempty"`
	Defines  map[string][]string `json:"defines,omitempty"`
	// PodSecurity is the highest Pod Security level each injection meets on its own
	// ("sidecars.log-shipper" → "restricted"): below the level a namespace enforces, an
	// entry is skipped there (pod-security) unless the pod supplies the rest.
	PodSecurity []podSecurityLevel `json:"podSecurity,omitempty"`
	// Warnings are what loads but deserves a look (a before-init helper without a
	// startupProbe).
	Warnings []string `json:"warnings,omitempty"`
	err      error
}

type podSecurityLevel struct {
	Entry string `json:"entry"`
	Level string `json:"level"`
}

// checkConfigFile loads path as the server would.
func checkConfigFile(path string) configCheck {
	cfg, err := config.LoadFile(path)
	if err != nil {
		return configCheck{File: path, Missing: errors.Is(err, fs.ErrNotExist), Problems: strings.Split(err.Error(), "\n"), err: err}
	}
	return configCheck{File: path, Valid: true, Revision: cfg.Revision, Defines: defines(cfg), PodSecurity: securityLevels(cfg),
		Warnings: cfg.Mutators.Warnings()}
}

// securityLevels lists every injection's own Pod Security level, in the mutators' order.
func securityLevels(cfg *config.Loaded) []podSecurityLevel {
	var out []podSecurityLevel
	for _, l := range cfg.Mutators.PodSecurityLevels() {
		out = append(out, podSecurityLevel{Entry: l.Section + "." + l.Name, Level: string(l.Level)})
	}
	return out
}

// configChecksExit: 2 when a file could not be read (the command line is wrong), 1 when
// a file is invalid, else nil.
func configChecksExit(results []configCheck) error {
	missing, failed := 0, 0
	for _, r := range results {
		switch {
		case r.Missing:
			missing++
		case !r.Valid:
			failed++
		}
	}
	switch {
	case missing > 0:
		return usageError("%d of %d config file(s) not found", missing, len(results))
	case failed > 0:
		return &exitError{code: 1, err: fmt.Errorf("%d of %d config file(s) failed", failed, len(results))}
	}
	return nil
}

// writeConfigChecks prints "Checking FILE" and SUCCESS with a summary, or FAILED with
// every problem (a WARNING line before SUCCESS for each warning); or the results as JSON.
func writeConfigChecks(out io.Writer, output string, results []configCheck) error {
	if output == "json" {
		return writeJSON(out, results)
	}
	for _, r := range results {
		fmt.Fprintf(out, "Checking %s\n", r.File)
		if !r.Valid {
			fmt.Fprintf(out, "  FAILED: %s\n\n", indent(configError(r.err, r.File, checkConfigHint)))
			continue
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(out, "  WARNING: %s\n", w)
		}
		fmt.Fprintf(out, "  SUCCESS: revision %s: %s\n", r.Revision, summary(r.Defines))
		fmt.Fprintf(out, "  Pod Security (highest level each injection meets on its own): %s\n\n", securitySummary(r.PodSecurity))
	}
	return nil
}

// defines names what the config defines, by kind.
func defines(cfg *config.Loaded) map[string][]string {
	byKind := map[string][]string{"sidecar": {}, "adapter": {}, "ambassador": {}}
	for name, t := range cfg.Sidecars {
		kind := string(t.Kind)
		if kind == "" {
			kind = "sidecar"
		}
		byKind[kind] = append(byKind[kind], name)
	}
	for kind := range byKind {
		slices.Sort(byKind[kind])
	}
	byKind["config template"] = slices.Sorted(maps.Keys(cfg.ConfigTemplates))
	byKind["config image"] = slices.Sorted(maps.Keys(cfg.ConfigImages))
	byKind["profile"] = slices.Sorted(maps.Keys(cfg.Profiles))
	return byKind
}

// summary is the one-line text form of defines.
func summary(byKind map[string][]string) string {
	var parts []string
	for _, kind := range []string{"sidecar", "adapter", "ambassador", "config template", "config image", "profile"} {
		parts = append(parts, fmt.Sprintf("%d %s(s) %v", len(byKind[kind]), kind, byKind[kind]))
	}
	return strings.Join(parts, ", ")
}

// securitySummary is "sidecars.log-shipper=restricted, ...", or "no templates".
func securitySummary(levels []podSecurityLevel) string {
	if len(levels) == 0 {
		return "no templates"
	}
	parts := make([]string, len(levels))
	for i, l := range levels {
		parts[i] = l.Entry + "=" + l.Level
	}
	return strings.Join(parts, ", ")
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n  ") }

// The ways to name the config file, for configError's hint.
const (
	checkConfigHint = "pass the file as an argument: podpatterns check-config FILE"
	offlineHint     = "pass --config FILE"
)

// configError adds the way out to a config file that does not exist: the default path
// only exists in the server's container.
func configError(err error, path, how string) string {
	if !errors.Is(err, fs.ErrNotExist) {
		return err.Error()
	}
	return fmt.Sprintf("%v\nhint: %s is not there; %s. The chart's config is in a ConfigMap:\n"+
		"  kubectl get configmap -n podpatterns-system podpatterns-config -o jsonpath='{.data.config\\.yaml}' > config.yaml", err, path, how)
}
