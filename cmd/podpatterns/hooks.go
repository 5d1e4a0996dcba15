package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/podpatterns/podpatterns/hooks"
)

// The chart's hook Jobs run check-webhook and remove-webhooks
// (charts/podpatterns/templates/webhook-check.yaml and webhook-cleanup.yaml); an
// operator can run them by hand with --kubeconfig and --context.

func newCheckWebhookCommand() *cobra.Command {
	var kube kubeFlags
	o := hooks.CheckOptions{}
	cmd := &cobra.Command{
		Use:   "check-webhook --namespace NS",
		Short: "Create a pod with dry-run in NS until the mutating webhook answers (the chart's post-install check)",
		Long: "Creates a pod with dryRun=All in a namespace the mutating webhook selects and succeeds once the\n" +
			"response carries the webhook's status annotation; exits 1 with the last error and its usual cause\n" +
			"after --timeout. Needs create on pods in NS, nothing else.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := kube.client()
			if err != nil {
				return err
			}
			o.Out = cmd.OutOrStdout()
			if err := hooks.CheckWebhook(cmd.Context(), client, o); err != nil {
				return &exitError{code: 1, err: err}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Namespace, "namespace", "", "a namespace the mutating webhook selects (podpatterns.io/inject=enabled)")
	fs.DurationVar(&o.Timeout, "timeout", 2*time.Minute, "give up after this long")
	fs.DurationVar(&o.Interval, "interval", 2*time.Second, "pause between attempts")
	kube.register(fs, "")
	_ = cmd.MarkFlagRequired("namespace")
	return cmd
}

func newRemoveWebhooksCommand() *cobra.Command {
	var mutating, validating string
	var kube kubeFlags
	cmd := &cobra.Command{
		Use:   "remove-webhooks",
		Short: "Delete the webhook configurations (the chart's pre-delete hook; also the emergency switch-off)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := kube.client()
			if err != nil {
				return err
			}
			return hooks.RemoveWebhookConfigurations(cmd.Context(), client, mutating, validating, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&mutating, "mutating-webhook-configuration", "podpatterns", "the MutatingWebhookConfiguration to delete (empty: none)")
	fs.StringVar(&validating, "validating-webhook-configuration", "podpatterns", "the ValidatingWebhookConfiguration to delete (empty: none)")
	kube.register(fs, "")
	return cmd
}
