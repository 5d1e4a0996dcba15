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
// client alone. client-go's informer factory and whole Clientset would do the same but
// link the clients, informers and listers of every API group into the server (issue 12:
// about 10 MB of binary and its pages in the resident set).
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
