package webhook

import (
	"context"

	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	schedulingclient "k8s.io/client-go/kubernetes/typed/scheduling/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
)

// newPriorityClassInformer watches PriorityClasses through the scheduling.k8s.io/v1
// client alone. client-go's informer factory over a whole Clientset does the same but
// links the informers and listers of every API group into the server, each costing
// pages of the binary in the resident set (issue 12, docs/performance.md "Memory").
func newPriorityClassInformer(cfg *rest.Config) (cache.SharedIndexInformer, error) {
	client, err := schedulingclient.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	pcs := client.PriorityClasses()
	lw := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
			return pcs.List(ctx, o)
		},
		WatchFuncWithContext: func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
			return pcs.Watch(ctx, o)
		},
	}
	return cache.NewSharedIndexInformerWithOptions(cache.ToListWatcherWithWatchListSemantics(lw, client),
		&schedulingv1.PriorityClass{}, cache.SharedIndexInformerOptions{}), nil
}
