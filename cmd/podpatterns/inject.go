package main

import (
	"fmt"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
)

func newInjectCommand() *cobra.Command {
	o := &offlineFlags{}
	var output string
	cmd := &cobra.Command{
		Use:   "inject -f FILE",
		Short: "Print objects as the webhook would mutate them (Pods and pod templates of workloads)",
		Long: `inject runs the server's mutator chain offline, like istioctl kube-inject: every Pod, and
the pod template of every Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob,
is mutated and patched exactly as /mutate would; other objects are printed unchanged.
The namespace is opted in (podpatterns.io/inject=enabled) unless --namespace-labels says
otherwise; its labels are merged over that default. Warnings and notes (a document left
unmutated because its namespace is not opted in) go to stderr; a denial exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "yaml" && output != "json" {
				return fmt.Errorf("-o %q: want yaml or json", output)
			}
			return o.inject(cmd, output)
		},
	}
	o.register(cmd, map[string]string{mutators.LabelInject: mutators.InjectEnabled})
	cmd.Flags().StringVarP(&output, "output", "o", "yaml", "yaml (multi-document) or json (the object; a v1 List of several)")
	return cmd
}

// inject applies the admission core's patch of every pod to its document and prints
// them all: the same decision and the same patch as /mutate.
func (o *offlineFlags) inject(cmd *cobra.Command, output string) error {
	denied := false
	docs, err := o.forEachPod(cmd, func(p *admission.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error {
		admitted := p.AsAdmitted(pod, ns.Name)
		if admitted != pod {
			if err := d.setContainers(admitted); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Note: %s: the LimitRange defaults of namespace %s are written in (the API server applies them before the webhooks)\n", d.name(), ns.Name)
		}
		m, err := p.MutatePod(admitted, ns)
		if err != nil {
			return err
		}
		noteNotOptedIn(cmd.ErrOrStderr(), d.name(), ns, m.Patch != nil)
		for _, w := range m.Report.Warnings {
			fmt.Fprintf(cmd.ErrOrStderr(), "Warning: %s: %s\n", d.name(), w)
		}
		if m.Denied() {
			fmt.Fprintf(cmd.ErrOrStderr(), "Error: %s: %s\n", d.name(), m.Denial)
			denied = true
			return nil
		}
		if m.Patch == nil {
			return nil
		}
		return d.applyPatch(m.Patch)
	})
	if err != nil {
		return err
	}
	write := writeDocuments
	if output == "json" {
		write = writeDocumentsJSON
	}
	if err := write(cmd.OutOrStdout(), docs); err != nil {
		return err
	}
	if denied {
		return &exitError{code: 1, err: fmt.Errorf("some objects were denied")}
	}
	return nil
}
