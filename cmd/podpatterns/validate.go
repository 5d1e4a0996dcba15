package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/policyreport"
	"github.com/podpatterns/podpatterns/validators"
)

func newValidateCommand() *cobra.Command {
	o := &offlineFlags{}
	var profile, mode, output string
	var asGiven bool
	cmd := &cobra.Command{
		Use:   "validate -f FILE --profile NAME",
		Short: "Check Pods and pod templates against a resource profile, as /validate would",
		Long: `validate judges pods offline as the API server would on creation in a namespace with
profile NAME: the mutating webhook first (the profile's default priority class, and every
pattern the pod asks for: the namespace is opted in with podpatterns.io/inject=enabled unless
--namespace-labels or --from-cluster say otherwise), then the validating webhook on the
mutated pod, printing the same messages the webhooks return: the mutating webhook's
warnings first (as kubectl shows them), then in enforce mode the denial (exit 1), in warn
mode the warnings, in audit mode the audit annotations (exit 0).
A workload gets what /validate-workloads answers for it (paths under its pod template;
exit 1 only where the profile's workloadMode is enforce).
--as-given skips the mutating webhook and judges each object exactly as written.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.labelOverrides = map[string]string{}
			switch {
			case profile != "":
				o.labelOverrides[mutators.LabelProfile] = profile
			case !o.cluster.enabled:
				return errors.New("--profile is required (or --from-cluster, to judge by each namespace's own label)")
			}
			if mode != "" {
				o.labelOverrides[validators.LabelProfileMode] = mode
			}
			switch output {
			case "text":
				return o.validate(cmd, textVerdicts{cmd.OutOrStdout()}, asGiven)
			case "json":
				report := reportVerdicts{policyreport.New(), o.namespace}
				err := o.validate(cmd, report, asGiven)
				if err != nil && exitCode(err) != 1 {
					return err // no verdicts to print: the input or config failed
				}
				if werr := writeJSON(cmd.OutOrStdout(), report.Report); werr != nil {
					return werr
				}
				return err // exit 1 when a document was denied, as in text mode
			default:
				return fmt.Errorf("-o %q: want text or json", output)
			}
		},
	}
	o.register(cmd, map[string]string{mutators.LabelInject: mutators.InjectEnabled})
	cmd.Flags().StringVar(&profile, "profile", "", "profile to enforce (the namespace's podpatterns.io/profile label; with --from-cluster: default the namespace's own)")
	cmd.Flags().StringVar(&mode, "mode", "", "enforce, warn or audit (default: the profile's mode)")
	cmd.Flags().BoolVar(&asGiven, "as-given", false, "validate each object exactly as written, without the mutating webhook")
	cmd.Flags().StringVarP(&output, "output", "o", "text", "text, or json: a PolicyReport (wgpolicyk8s.io/v1alpha2) with one result per document")
	return cmd
}

// validate judges every pod as the API server would on its creation: the mutating
// webhook first (in a namespace with a profile it applies the profile's defaults), then
// the validating webhook on the result; it prints the admission core's answers.
func (o *offlineFlags) validate(cmd *cobra.Command, out verdicts, asGiven bool) error {
	denied := 0
	_, err := o.forEachPod(cmd, func(p *admission.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error {
		if at := d.templatePath(); at != nil && !asGiven {
			c, err := p.CheckTemplate(pod, nil, ns, at)
			if err != nil {
				return err
			}
			noteNotOptedIn(cmd.ErrOrStderr(), d.name(), ns, c.Mutation.Patch != nil)
			if out.workload(d, c) {
				denied++
			}
			return nil
		}
		if !asGiven {
			pod = p.AsAdmitted(pod, ns.Name)
			m, err := p.MutatePod(pod, ns)
			if err != nil {
				return err
			}
			noteNotOptedIn(cmd.ErrOrStderr(), d.name(), ns, m.Patch != nil)
			out.mutated(d, m.Report.Warnings)
			if m.Denied() {
				out.denied(d, ns.Labels[mutators.LabelProfile], m.Denial)
				denied++
				return nil
			}
			pod = m.Pod
		}
		v := p.ValidatePod(pod, ns)
		out.validated(d, v)
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
