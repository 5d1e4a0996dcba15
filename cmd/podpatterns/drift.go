package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"

	"github.com/podpatterns/podpatterns/clusterview"
	"github.com/podpatterns/podpatterns/drift"
)

// driftFlags are `podpatterns drift`'s flags.
type driftFlags struct {
	kube                             kubeFlags
	configMap, configFile, namespace string
	output                           string
	restart, exitCode                bool
	timeout                          time.Duration
}

// newDriftCommand is `podpatterns drift`: the workloads whose pods were injected from
// templates that differ from the current config (the chart's ConfigMap, or --config),
// which templates, and with --restart the commands that would re-inject them. It only
// reads (pods, ReplicaSets and Jobs, metadata only); it never restarts anything.
func newDriftCommand() *cobra.Command {
	var f driftFlags
	cmd := &cobra.Command{
		Use:   "drift",
		Short: "List workloads whose pods were injected from templates that have changed since (--restart: the kubectl commands to re-inject them)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.output != "text" && f.output != "json" {
				return usageError("-o %q: want text or json", f.output)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
			defer cancel()
			return runDrift(ctx, cmd, &f)
		},
	}
	fs := cmd.Flags()
	f.kube.register(fs, "")
	fs.StringVar(&f.configMap, "config-map", clusterview.DefaultConfigMap, "the chart's ConfigMap holding the current config, NAMESPACE/NAME")
	fs.StringVar(&f.configFile, "config", "", "compare with this config file instead of the cluster's (e.g. one about to be applied)")
	fs.StringVarP(&f.namespace, "namespace", "n", "", "only this namespace (default: all)")
	fs.BoolVar(&f.restart, "restart", false, "print the kubectl commands that would re-inject each drifted workload (dry run: nothing is run)")
	fs.BoolVar(&f.exitCode, "exit-code", false, "exit 1 when any workload drifted (for a CI gate); without it drift exits 0 whatever it finds")
	fs.StringVarP(&f.output, "output", "o", "text", "text, or json: the revision and each drifted workload with its changes and restart command")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

func runDrift(ctx context.Context, cmd *cobra.Command, f *driftFlags) error {
	rc, err := f.kube.restConfig()
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return err
	}
	cfg, err := currentConfig(ctx, clusterview.View{Client: client}, f.configFile, f.configMap)
	if err != nil {
		return err
	}
	meta, err := metadata.NewForConfig(rc)
	if err != nil {
		return err
	}
	r := drift.Reader{Client: meta}
	pods, err := r.Pods(ctx, f.namespace)
	if err != nil {
		return err
	}
	owners, err := r.Owners(ctx, f.namespace)
	if err != nil {
		return err
	}
	report := drift.Report(pods, owners, cfg.Revision, cfg.TemplateHash)
	return writeDrift(cmd.OutOrStdout(), f.output, report, cfg.Revision, f.restart, f.exitCode)
}

// printDrift prints one line per drifted workload (or that there is none), then with
// restart the commands.
func printDrift(w io.Writer, ds []drift.Drifted, revision string, restart bool) {
	if len(ds) == 0 {
		fmt.Fprintf(w, "no drift: every injected pod matches config revision %s\n", revision)
		return
	}
	fmt.Fprintf(w, "%d workload(s) with pods injected from templates that differ from config revision %s:\n", len(ds), revision)
	for _, d := range ds {
		changes := make([]string, len(d.Changes))
		for i, c := range d.Changes {
			changes[i] = c.String()
		}
		fmt.Fprintf(w, "%s\t%d/%d pods\tinjected at %s\t%s\n", d.Workload, d.DriftedPods, d.Pods, strings.Join(d.Revisions, ","), strings.Join(changes, ", "))
	}
	if restart {
		fmt.Fprintln(w, "\n# dry run: run these to re-inject the pods with the current config")
		for _, d := range ds {
			fmt.Fprintln(w, drift.RestartCommand(d.Workload))
		}
	}
}
