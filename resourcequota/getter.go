package resourcequota

import corev1 "k8s.io/api/core/v1"

// Getter lists the ResourceQuotas of a namespace: the server's informer cache (no API
// call on the request path), or a fixed set in tests.
type Getter interface {
	ResourceQuotas(namespace string) ([]*corev1.ResourceQuota, error)
}

// Static is a Getter over a fixed set of ResourceQuotas, by their namespace.
type Static []*corev1.ResourceQuota

var _ Getter = Static(nil)

// ResourceQuotas returns the quotas of namespace.
func (s Static) ResourceQuotas(namespace string) ([]*corev1.ResourceQuota, error) {
	var out []*corev1.ResourceQuota
	for _, q := range s {
		if q.Namespace == namespace {
			out = append(out, q)
		}
	}
	return out, nil
}
