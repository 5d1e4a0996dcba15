package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/analyze"
	"github.com/podpatterns/podpatterns/clusterview"
)

// analyzeFlags are `podpatterns analyze`'s flags.
type analyzeFlags struct {
	kube                             kubeFlags
	configMap, configFile, namespace string
	mutating, validating, output     string
	timeout                          time.Duration
}

// newAnalyzeCommand is `podpatterns analyze`: the live cluster judged by the admission
// core (istioctl analyze for podpatterns). It only reads.
func newAnalyzeCommand() *cobra.Command {
	var f analyzeFlags
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Find what podpatterns will refuse or skip in a live cluster (unknown profiles and templates, Pod Security, webhook health); exit 1 on an error",
		Long: `analyze reads the opted-in namespaces, their workloads' pod templates and bare pods, and the
webhook configurations, and runs the admission core over them with the current config (the
chart's ConfigMap, or --config): a namespace naming a profile the config lacks or an invalid
mode, a namespace default or a pod template naming an unknown template, a template the
namespace's Pod Security level or LimitRange refuses, a template whose next pod is denied, a
missing webhook configuration or CA bundle. Exit 1 when any finding is an error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.output != "text" && f.output != "json" {
				return usageError("-o %q: want text or json", f.output)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
			defer cancel()
			findings, err := runAnalyze(ctx, &f)
			if err != nil {
				return err
			}
			return writeFindings(cmd.OutOrStdout(), f.output, findings)
		},
	}
	fs := cmd.Flags()
	f.kube.register(fs, "")
	fs.StringVar(&f.configMap, "config-map", clusterview.DefaultConfigMap, "the chart's ConfigMap holding the current config, NAMESPACE/NAME")
	fs.StringVar(&f.configFile, "config", "", "judge with this config file instead of the cluster's (e.g. one about to be applied)")
	fs.StringVarP(&f.namespace, "namespace", "n", "", "only this namespace (default: every opted-in namespace)")
	fs.StringVar(&f.mutating, "mutating-webhook-configuration", "podpatterns", "the chart's MutatingWebhookConfiguration")
	fs.StringVar(&f.validating, "validating-webhook-configuration", "podpatterns", "the chart's ValidatingWebhookConfiguration")
	fs.StringVarP(&f.output, "output", "o", "text", "text, or json: the findings (severity, code, object, message)")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

// writeFindings prints the findings (text: one per line, then a count) and returns exit
// 1 when one is an error.
func writeFindings(w io.Writer, output string, findings []analyze.Finding) error {
	analyze.Sort(findings)
	if output == "json" {
		if findings == nil {
			findings = []analyze.Finding{}
		}
		if err := writeJSON(w, findings); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", f.Severity, f.Code, f.Object, f.Message)
		}
		fmt.Fprintf(w, "%d error(s), %d warning(s)\n", analyze.Errors(findings), len(findings)-analyze.Errors(findings))
	}
	if n := analyze.Errors(findings); n > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d error(s) found", n)}
	}
	return nil
}
