// Package hooks is what the chart's Helm hook Jobs run, as subcommands of the podpatterns
// binary (so the hooks need no other image): `check-webhook` after every install and
// upgrade proves that the apiserver reaches the mutating webhook, `remove-webhooks`
// before uninstall deletes the webhook configurations ahead of the Service.
package hooks
