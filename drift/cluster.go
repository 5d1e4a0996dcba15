package drift

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/metadata"
)

// Resources read: pods, and the intermediate owners a pod's controller may be.
var (
	podsResource        = schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	replicaSetsResource = schema.GroupVersionResource{Group: "apps", Version: "v1", Resource: "replicasets"}
	jobsResource        = schema.GroupVersionResource{Group: "batch", Version: "v1", Resource: "jobs"}
)

// PageSize is how many objects one list call returns.
const PageSize = 500

// Reader lists object metadata only (no specs), page by page, pausing between pages.
type Reader struct {
	Client metadata.Interface
	// Pause between two pages (0: none): keeps a periodic scan gentle on the apiserver.
	Pause time.Duration
}

// Pods returns the metadata of every pod in namespace ("" for all).
func (r Reader) Pods(ctx context.Context, namespace string) ([]metav1.ObjectMeta, error) {
	return r.list(ctx, podsResource, namespace)
}

// Owners returns the controllers of the ReplicaSets and Jobs in namespace ("" for all).
func (r Reader) Owners(ctx context.Context, namespace string) (Owners, error) {
	owners := Owners{}
	for kind, res := range map[string]schema.GroupVersionResource{"ReplicaSet": replicaSetsResource, "Job": jobsResource} {
		items, err := r.list(ctx, res, namespace)
		if err != nil {
			return nil, err
		}
		for _, m := range items {
			owners.Add(kind, m)
		}
	}
	return owners, nil
}

func (r Reader) list(ctx context.Context, res schema.GroupVersionResource, namespace string) ([]metav1.ObjectMeta, error) {
	var out []metav1.ObjectMeta
	opts := metav1.ListOptions{Limit: PageSize}
	for {
		page, err := r.Client.Resource(res).Namespace(namespace).List(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", res.Resource, err)
		}
		for i := range page.Items {
			out = append(out, page.Items[i].ObjectMeta)
		}
		if opts.Continue = page.Continue; opts.Continue == "" {
			return out, nil
		}
		if r.Pause > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(r.Pause):
			}
		}
	}
}
