// Package webhook is podpatterns' server: the TLS admission endpoints (/mutate,
// /validate), health and metrics, the informer caches, and the wiring of the config
// watcher (package config) to the composition root.
//
// Request path: decode the AdmissionReview (size-capped, typed), look the namespace up in
// the informer cache, run the chain of the current config revision (an atomic pointer,
// never copied per request), compute one JSON patch from the original and mutated pod,
// answer. No API calls, no info-level logging per request.
package webhook
