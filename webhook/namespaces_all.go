package webhook

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// NamespaceIndex is a NamespaceLister that can also list every namespace it knows: the
// reload check asks it which namespaces still name what a new config drops.
type NamespaceIndex interface {
	AllNamespaces() []mutators.Namespace
}

// AllNamespaces is the one namespace shape StaticNamespaces gives every name.
func (s StaticNamespaces) AllNamespaces() []mutators.Namespace {
	return []mutators.Namespace{{Name: "*", Labels: s.Labels, Annotations: s.Annotations}}
}

// AllNamespaces lists the informer cache (nothing when the lister has no list).
func (c *cachedNamespaces) AllNamespaces() []mutators.Namespace {
	if c.all == nil {
		return nil
	}
	return c.all()
}

// allNamespaces lists the namespace informer's store.
func (c *ClusterCache) allNamespaces() []mutators.Namespace {
	var out []mutators.Namespace
	for _, obj := range c.namespaces.GetStore().List() {
		if m, ok := obj.(*metav1.PartialObjectMetadata); ok {
			out = append(out, mutators.Namespace{Name: m.Name, Labels: m.Labels, Annotations: m.Annotations})
		}
	}
	return out
}
