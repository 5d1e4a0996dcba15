package webhook

import (
	"context"
	"fmt"
	"time"

	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	schedulinglisters "k8s.io/client-go/listers/scheduling/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/podpatterns/podpatterns/mutators"
)

// ClusterCache holds the informer caches the request path reads: namespaces (metadata
// only: labels and annotations are all the server needs, and metadata is far lighter to
// hold for thousands of namespaces) and PriorityClasses.
type ClusterCache struct {
	namespaces      cache.SharedIndexInformer
	priorityClasses cache.SharedIndexInformer
	metaFactory     metadatainformer.SharedInformerFactory
	// limitRanges and quotas: informers_platform.go.
	limitRanges, quotas cache.SharedIndexInformer
}

// namespaceWait bounds how long a request waits for a namespace that is not cached yet.
const namespaceWait = 2 * time.Second

// NewClusterCache builds the informers from cfg; Start runs them.
func NewClusterCache(cfg *rest.Config) (*ClusterCache, error) {
	meta, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	pcs, err := newPriorityClassInformer(cfg)
	if err != nil {
		return nil, err
	}
	c := &ClusterCache{metaFactory: metadatainformer.NewSharedInformerFactory(meta, 0), priorityClasses: pcs}
	if c.limitRanges, c.quotas, err = newPlatformInformers(cfg); err != nil {
		return nil, err
	}
	c.namespaces = c.metaFactory.ForResource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Informer()
	return c, nil
}

// Start runs the informers until ctx is done and waits for their first sync (or ctx).
func (c *ClusterCache) Start(ctx context.Context) error {
	c.metaFactory.Start(ctx.Done())
	go c.priorityClasses.RunWithContext(ctx)
	go c.limitRanges.RunWithContext(ctx)
	go c.quotas.RunWithContext(ctx)
	if !cache.WaitForCacheSync(ctx.Done(), c.namespaces.HasSynced, c.priorityClasses.HasSynced, c.limitRanges.HasSynced, c.quotas.HasSynced) {
		return fmt.Errorf("informer caches did not sync: %w", ctx.Err())
	}
	return nil
}

// Synced reports whether both caches have synced once (readiness).
func (c *ClusterCache) Synced() bool {
	return c.namespaces.HasSynced() && c.priorityClasses.HasSynced() && c.limitRanges.HasSynced() && c.quotas.HasSynced()
}

// Namespaces is the NamespaceLister over the cache.
func (c *ClusterCache) Namespaces() NamespaceLister {
	return &cachedNamespaces{wait: namespaceWait, all: c.allNamespaces, get: func(name string) (mutators.Namespace, bool) {
		obj, ok, err := c.namespaces.GetStore().GetByKey(name)
		if err != nil || !ok {
			return mutators.Namespace{}, false
		}
		m, ok := obj.(*metav1.PartialObjectMetadata)
		if !ok {
			return mutators.Namespace{}, false
		}
		return mutators.Namespace{Name: name, Labels: m.Labels, Annotations: m.Annotations}, true
	}}
}

// PriorityClasses is the PriorityClass lister over the cache: Get returns a NotFound
// error for a missing class, as the validators and the priority class default expect.
// The API server's Priority plugin has already resolved the class when a pod reaches us,
// so a miss may only mean the watch event is late: it waits for the cache up to
// priorityClassWait (polling the cache, never the API server) before saying NotFound.
func (c *ClusterCache) PriorityClasses() mutators.PriorityClassGetter {
	return &waitingPriorityClasses{lister: schedulinglisters.NewPriorityClassLister(c.priorityClasses.GetIndexer()), wait: priorityClassWait}
}

// priorityClassWait bounds the wait for a PriorityClass the cache has not seen yet.
const priorityClassWait = time.Second

type waitingPriorityClasses struct {
	lister mutators.PriorityClassGetter
	wait   time.Duration
}

func (w *waitingPriorityClasses) Get(name string) (*schedulingv1.PriorityClass, error) {
	pc, err := w.lister.Get(name)
	if err == nil || !apierrors.IsNotFound(err) {
		return pc, err
	}
	deadline := time.Now().Add(w.wait)
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		if pc, err = w.lister.Get(name); err == nil || !apierrors.IsNotFound(err) {
			return pc, err
		}
	}
	return nil, err
}
