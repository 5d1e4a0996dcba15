package certs

import (
	"errors"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
)

// errBeyondCABundle: an update would change a webhook configuration beyond caBundle.
var errBeyondCABundle = errors.New("the update would change more than caBundle")

// onlyCABundleChanged verifies, before a write, that after differs from before in
// caBundle values only. RBAC cannot restrict an update to one field (the chart grants
// get/update on the two named configurations), so this is where a replica's write is
// narrowed: whatever the code above it does, nothing but the CA trust is ever written —
// not the rules, selectors, failurePolicy, service or URL the webhooks are routed by.
func onlyCABundleChanged(before, after runtime.Object) error {
	b, a := before.DeepCopyObject(), after.DeepCopyObject()
	bcc, acc := clientConfigsOf(b), clientConfigsOf(a)
	if len(bcc) != len(acc) {
		return errBeyondCABundle
	}
	for i := range bcc {
		bcc[i].CABundle, acc[i].CABundle = nil, nil
	}
	if !equality.Semantic.DeepEqual(b, a) {
		return errBeyondCABundle
	}
	return nil
}
