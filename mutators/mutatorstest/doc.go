// Package mutatorstest reads the mutators' golden case files, so the golden tests of
// package mutators, the webhook handler tests and the e2e suite all replay the very same
// cases: testdata/<mutator>/<case>.yaml → <case>.golden.yaml.
//
// A case file is YAML with a leading `# why: ...` comment (why the case exists) and keys:
//
//	config:          optional inline config file (a YAML string); default: examples/config.yaml
//	namespace:       optional {name, labels, annotations}; name defaults to the pod's namespace, else "default"
//	priorityClasses: optional PriorityClass objects the cluster holds besides the system ones
//	pod:             the input Pod, exactly as a client would send it
//
// The golden file holds the mutated pod (left out when the pod is denied: the server sends
// no patch then) and the report: injections, skips with reasons, warnings and denials.
//
// Pipeline composes a case's admission pipeline exactly as the server does
// (admission.Compose), with the fixed revision and render image of the golden files; the
// golden tests, the all-paths test of cmd/podpatterns and the e2e suite all use it.
// Check* are the patch and second-pass checks every patch-producing test shares.
package mutatorstest
