// Package mutators holds the mutating patterns of podpatterns: one file per pattern
// (sidecar, adapter, ambassador, configuration template, Downward API, preStop, default
// priority class) and the Chain that runs them on a typed *corev1.Pod.
//
// A mutator never talks to the API server and never builds a JSON patch: it changes the
// request's pod (a copy on write of the input, written only through the Request's
// helpers in request_write.go) and records what it did in the request's Report. The
// admission core (package admission) computes one patch from the input and the mutated
// pod at the end, so every mutator stays a plain function of (config, pod, namespace).
//
// Each pattern owns the type of its config section; Config aggregates them so
// package config can embed it in the config file without knowing the sections.
package mutators
