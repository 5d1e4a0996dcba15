package main

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/validators"
)

func newValidateCommand() *cobra.Command {
	o := &offlineFlags{}
	var profile, mode string
	cmd := &cobra.Command{
		Use:   "validate -f FILE --profile NAME",
		Short: "Check Pods and pod templates against a resource profile, as /validate would",
		Long: `validate judges pods offline as the API server would on creation in a namespace with
profile NAME: the mutating webhook first (the profile's defaults apply), then the validating
webhook, printing the same messages the webhooks return: in enforce mode the denial (exit 1), in warn
mode the warnings, in audit mode the audit annotations (exit 0).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			labels := maps.Clone(o.namespaceLabels)
			if labels == nil {
				labels = map[string]string{}
			}
			labels[mutators.LabelProfile] = profile
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

// validate judges every pod as the API server would on its creation: the mutating
// webhook first (in a namespace with a profile it applies the profile's defaults), then
// the validating webhook on the result; it prints the admission core's answers.
func (o *offlineFlags) validate(cmd *cobra.Command) error {
	out := cmd.OutOrStdout()
	denied := 0
	_, err := o.forEachPod(cmd, func(p *admission.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error {
		m, err := p.MutatePod(pod, ns)
		if err != nil {
			return err
		}
		if m.Denied() {
			fmt.Fprintf(out, "%s: denied: %s\n", d.name(), m.Denial)
			denied++
			return nil
		}
		v := p.ValidatePod(m.Pod, ns)
		if len(v.Violations) == 0 {
			fmt.Fprintf(out, "%s: ok\n", d.name())
			return nil
		}
		printAnswer(out, d.name(), v.Answer)
		if !v.Answer.Allowed {
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

// printAnswer prints a validation answer: warnings, audit annotations (sorted), denial.
func printAnswer(out io.Writer, name string, answer validators.Response) {
	for _, w := range answer.Warnings {
		fmt.Fprintf(out, "%s: Warning: %s\n", name, w)
	}
	for _, k := range slices.Sorted(maps.Keys(answer.AuditAnnotations)) {
		fmt.Fprintf(out, "%s: audit %s=%s\n", name, k, answer.AuditAnnotations[k])
	}
	if !answer.Allowed {
		fmt.Fprintf(out, "%s: denied: %s\n", name, answer.Message)
	}
}
