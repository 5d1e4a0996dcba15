package webhook

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	coreclient "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/resourcequota"
)

// The platform's objects the request path reads: LimitRanges (the API server defaults
// and bounds pods with them) and ResourceQuotas (their status: what a namespace has
// left). Each is watched through the core/v1 client alone, indexed by namespace, as the
// PriorityClasses are (informers_priorityclass.go). A pod whose namespace's objects the
// cache has not delivered yet is judged without them: LimitRanger itself has the same
// window, and a quota is only ever a warning.

// newNamespacedInformer watches one namespaced core/v1 kind in every namespace.
func newNamespacedInformer(list func(context.Context, metav1.ListOptions) (runtime.Object, error),
	watchFn func(context.Context, metav1.ListOptions) (watch.Interface, error), client any, obj runtime.Object) cache.SharedIndexInformer {
	lw := &cache.ListWatch{ListWithContextFunc: list, WatchFuncWithContext: watchFn}
	return cache.NewSharedIndexInformerWithOptions(cache.ToListWatcherWithWatchListSemantics(lw, client), obj,
		cache.SharedIndexInformerOptions{Indexers: cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}})
}

// newPlatformInformers returns the LimitRange and ResourceQuota informers of cfg.
func newPlatformInformers(cfg *rest.Config) (limitRanges, quotas cache.SharedIndexInformer, err error) {
	client, err := coreclient.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	lrs, rqs := client.LimitRanges(metav1.NamespaceAll), client.ResourceQuotas(metav1.NamespaceAll)
	limitRanges = newNamespacedInformer(
		func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return lrs.List(ctx, o) },
		func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) { return lrs.Watch(ctx, o) },
		client, &corev1.LimitRange{})
	quotas = newNamespacedInformer(
		func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) { return rqs.List(ctx, o) },
		func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) { return rqs.Watch(ctx, o) },
		client, &corev1.ResourceQuota{})
	return limitRanges, quotas, nil
}

// cachedLimitRanges is the limitrange.Getter over the LimitRange informer.
type cachedLimitRanges struct{ lister corelisters.LimitRangeLister }

func (c cachedLimitRanges) LimitRanges(namespace string) ([]*corev1.LimitRange, error) {
	return c.lister.LimitRanges(namespace).List(labels.Everything())
}

// cachedQuotas is the resourcequota.Getter over the ResourceQuota informer.
type cachedQuotas struct {
	lister corelisters.ResourceQuotaLister
}

func (c cachedQuotas) ResourceQuotas(namespace string) ([]*corev1.ResourceQuota, error) {
	return c.lister.ResourceQuotas(namespace).List(labels.Everything())
}

// LimitRanges is the LimitRange lister over the cache.
func (c *ClusterCache) LimitRanges() limitrange.Getter {
	return cachedLimitRanges{lister: corelisters.NewLimitRangeLister(c.limitRanges.GetIndexer())}
}

// ResourceQuotas is the ResourceQuota lister over the cache.
func (c *ClusterCache) ResourceQuotas() resourcequota.Getter {
	return cachedQuotas{lister: corelisters.NewResourceQuotaLister(c.quotas.GetIndexer())}
}
