// Package validators holds the validating patterns of podpatterns (Predictable Demands,
// chapter 2): resource profiles (required requests and limits, container and pod
// bounds, limit/request ratio, minimum QoS class, exemptions) and priority class rules.
// A namespace selects one profile by label; every Validator checks the pod against that
// profile and returns violations with field paths and bounded rule names. The Chain
// resolves the profile and its mode (enforce, warn, audit); Result.Response turns the
// result into the denial, warnings or audit annotations that the webhook returns and
// `podpatterns validate` prints.
//
// Validators never change the pod and never call the API server: anything they need from
// the cluster (PriorityClasses) comes from an informer-backed lister. Decisions are in
// docs/validators.md.
package validators
