package mutators

// The user-facing annotation and label keys (docs/design.md, "Labels and annotations").
// They are constants so the same spelling is used in code, messages, metrics and docs;
// the validators use these too (only podpatterns.io/profile-mode is theirs alone).
const (
	// LabelProfile on a Namespace names the resource profile of its pods: the validators
	// enforce it and the mutators' priority-class defaulter reads its default class.
	LabelProfile = "podpatterns.io/profile"

	// LabelInject on a Namespace opts it into mutation. The MutatingWebhookConfiguration
	// selects on it, and the server checks it too: its second webhook entry sends pods of
	// namespaces that only name a profile, which get the profile's defaults and nothing else.
	LabelInject = "podpatterns.io/inject"
	// InjectEnabled is the only value of LabelInject that selects a namespace.
	InjectEnabled = "enabled"

	// AnnotationInject set to "false" on a pod (or namespace) opts out of every mutation.
	AnnotationInject = "podpatterns.io/inject"
	// AnnotationSidecars selects sidecar templates by name, comma separated.
	AnnotationSidecars = "podpatterns.io/sidecars"
	// AnnotationAdapters selects adapter templates by name, comma separated.
	AnnotationAdapters = "podpatterns.io/adapters"
	// AnnotationAmbassadors selects ambassador templates by name, comma separated.
	AnnotationAmbassadors = "podpatterns.io/ambassadors"
	// AnnotationConfigTemplate selects one configuration template by name.
	AnnotationConfigTemplate = "podpatterns.io/config-template"
	// AnnotationConfigParams names the params ConfigMap, where the template allows it.
	AnnotationConfigParams = "podpatterns.io/config-params"
	// AnnotationConfigImage selects one configuration data image by name.
	AnnotationConfigImage = "podpatterns.io/config-image"
	// AnnotationDownwardAPI is "true" or "false".
	AnnotationDownwardAPI = "podpatterns.io/downward-api"
	// AnnotationPreStop is "true", "false" or a number of seconds.
	AnnotationPreStop = "podpatterns.io/prestop"
	// AnnotationInitEnv names (comma separated) the pod's init containers that get the
	// appEnv of its before-init native helpers, which run before them.
	AnnotationInitEnv = "podpatterns.io/init-env"
	// AnnotationStatus is written by the server: what was injected, and the config revision.
	AnnotationStatus = "podpatterns.io/status"
)
