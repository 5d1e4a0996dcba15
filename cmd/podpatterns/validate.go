package main

import (
	"fmt"
	"maps"
	"sort"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
	"github.com/podpatterns/podpatterns/webhook"
)

func newValidateCommand() *cobra.Command {
	o := &offlineFlags{}
	var profile, mode string
	cmd := &cobra.Command{
		Use:   "validate -f FILE --profile NAME",
		Short: "Check Pods and pod templates against a resource profile, as /validate would",
		Long: `validate runs the server's validator chain offline for the namespace profile NAME and
prints the same messages the webhook returns: in enforce mode the denial (exit 1), in warn
mode the warnings, in audit mode the audit annotations (exit 0).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			labels := maps.Clone(o.namespaceLabels)
			if labels == nil {
				labels = map[string]string{}
			}
			labels[validators.LabelProfile] = profile
			if mode != "" {
				labels[validators.LabelProfileMode] = mode
			}
			o.namespaceLabels = labels
			return o.validate(cmd)
		},
	}
	o.register(cmd, nil)
	cmd.Flags().StringVar(&profile, "profile", "", "profile to enforce (the namespace's podpatterns.io/profile label)")
	cmd.Flags().StringVar(&mode, "mode", "", "enforce, warn or audit (default: the profile's mode)")
	_ = cmd.MarkFlagRequired("profile")
	return cmd
}

func (o *offlineFlags) validate(cmd *cobra.Command) error {
	out := cmd.OutOrStdout()
	denied := 0
	_, err := o.forEachPod(cmd, func(p *webhook.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error {
		res := p.Validators.Validate(&validators.Request{Pod: pod, Namespace: pod.Namespace, NamespaceLabels: ns.Labels})
		if len(res.Violations) == 0 {
			fmt.Fprintf(out, "%s: ok\n", d.name())
			return nil
		}
		answer := res.Response() // the same answer the webhook returns
		for _, w := range answer.Warnings {
			fmt.Fprintf(out, "%s: Warning: %s\n", d.name(), w)
		}
		keys := sort.StringSlice(make([]string, 0, len(answer.AuditAnnotations)))
		for k := range answer.AuditAnnotations {
			keys = append(keys, k)
		}
		keys.Sort()
		for _, k := range keys {
			fmt.Fprintf(out, "%s: audit %s=%s\n", d.name(), k, answer.AuditAnnotations[k])
		}
		if !answer.Allowed {
			fmt.Fprintf(out, "%s: denied: %s\n", d.name(), answer.Message)
			denied++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if denied > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d object(s) denied by profile", denied)}
	}
	return nil
}
