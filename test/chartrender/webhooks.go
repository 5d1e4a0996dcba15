package chartrender

// The webhook names the chart (charts/podpatterns) registers. The apiserver prefixes
// denial messages and audit annotation keys with them.
const (
	// WebhookInject mutates pods of namespaces labelled podpatterns.io/inject=enabled.
	WebhookInject = "inject.podpatterns.io"
	// WebhookDefaults mutates pods of namespaces that only select a profile (profile
	// defaults such as the priority class), never those WebhookInject covers.
	WebhookDefaults = "defaults.podpatterns.io"
	// WebhookProfiles validates pods of namespaces labelled podpatterns.io/profile.
	WebhookProfiles = "profiles.podpatterns.io"
	// WebhookWorkloads gives feedback on the pod templates of workloads in namespaces
	// labelled podpatterns.io/profile (/validate-workloads).
	WebhookWorkloads = "workloads.podpatterns.io"
	// WebhookWorkloadsInject does the same where only podpatterns.io/inject=enabled is set.
	WebhookWorkloadsInject = "workloads-inject.podpatterns.io"
)
