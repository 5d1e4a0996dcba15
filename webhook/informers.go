package webhook

import (
	"context"
	"fmt"
	"time"

	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	schedulinglisters "k8s.io/client-go/listers/scheduling/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/podpatterns/podpatterns/validators"
)

// ClusterCache holds the informer caches the request path reads: namespaces (metadata
// only: labels and annotations are all the server needs, and metadata is far lighter to
// hold for thousands of namespaces) and PriorityClasses.
type ClusterCache struct {
	namespaces      cache.SharedIndexInformer
	priorityClasses cache.SharedIndexInformer
	metaFactory     metadatainformer.SharedInformerFactory
	typedFactory    informers.SharedInformerFactory
}

// namespaceWait bounds how long a request waits for a namespace that is not cached yet.
const namespaceWait = 2 * time.Second

// NewClusterCache builds the informers from cfg; Start runs them.
func NewClusterCache(cfg *rest.Config) (*ClusterCache, error) {
	meta, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	typed, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	c := &ClusterCache{
		metaFactory:  metadatainformer.NewSharedInformerFactory(meta, 0),
		typedFactory: informers.NewSharedInformerFactory(typed, 0),
	}
	c.namespaces = c.metaFactory.ForResource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Informer()
	c.priorityClasses = c.typedFactory.Scheduling().V1().PriorityClasses().Informer()
	return c, nil
}

// Start runs the informers until ctx is done and waits for their first sync (or ctx).
func (c *ClusterCache) Start(ctx context.Context) error {
	c.metaFactory.Start(ctx.Done())
	c.typedFactory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), c.namespaces.HasSynced, c.priorityClasses.HasSynced) {
		return fmt.Errorf("informer caches did not sync: %w", ctx.Err())
	}
	return nil
}

// Synced reports whether both caches have synced once (readiness).
func (c *ClusterCache) Synced() bool {
	return c.namespaces.HasSynced() && c.priorityClasses.HasSynced()
}

// Namespaces is the NamespaceLister over the cache.
func (c *ClusterCache) Namespaces() NamespaceLister {
	return &cachedNamespaces{wait: namespaceWait, get: func(name string) (map[string]string, map[string]string, bool) {
		obj, ok, err := c.namespaces.GetStore().GetByKey(name)
		if err != nil || !ok {
			return nil, nil, false
		}
		m, ok := obj.(*metav1.PartialObjectMetadata)
		if !ok {
			return nil, nil, false
		}
		return m.Labels, m.Annotations, true
	}}
}

// PriorityClass returns a cached PriorityClass by name.
func (c *ClusterCache) PriorityClass(name string) (*schedulingv1.PriorityClass, bool) {
	obj, ok, err := c.priorityClasses.GetStore().GetByKey(name)
	if err != nil || !ok {
		return nil, false
	}
	pc, ok := obj.(*schedulingv1.PriorityClass)
	return pc, ok
}

// PriorityClasses is the PriorityClass lister over the cache: Get returns a NotFound
// error for a missing class, as the validators and the priority class default expect.
func (c *ClusterCache) PriorityClasses() validators.PriorityClassLister {
	return schedulinglisters.NewPriorityClassLister(c.priorityClasses.GetIndexer())
}
