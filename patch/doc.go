// Package patch builds the RFC 6902 JSON patch between the pod an admission request
// carried and the pod the mutators made of it: field by field, as fine-grained as the
// changes allow, so fields this build of k8s.io/api does not know survive untouched.
// The admission core calls it once per request; nothing else builds patches.
package patch
