// Package webhook is podpatterns' server: the TLS admission endpoints (/mutate,
// /validate), health and metrics, the config file (strict decoding, defaults, validation,
// hot reload) and the composition root that wires the mutator and validator chains.
//
// Request path: decode the AdmissionReview (size-capped, typed), look the namespace up in
// the informer cache, run the chain of the current config revision (an atomic pointer,
// never copied per request), compute one JSON patch from the original and mutated pod,
// answer. No API calls, no info-level logging per request.
package webhook
