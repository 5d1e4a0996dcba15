// Package validators holds the validating patterns of podpatterns (Predictable Demands,
// chapter 2): resource profiles and priority classes. A namespace selects one profile by
// label; every Validator checks the pod against that profile and returns violations with
// field paths. The Chain resolves the profile and its mode (enforce, warn, audit); the
// webhook package turns the Result into a denial, warnings or audit annotations.
//
// Validators never change the pod and never call the API server: anything they need from
// the cluster (PriorityClasses) comes from an informer-backed lister.
package validators
