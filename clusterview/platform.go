package clusterview

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// LimitRanges returns the LimitRanges of namespace: the API server defaults and bounds
// the namespace's pods with them, and the server reads them from its informer.
func (v View) LimitRanges(ctx context.Context, namespace string) ([]*corev1.LimitRange, error) {
	list, err := v.Client.CoreV1().LimitRanges(namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing the LimitRanges of %s: %w", namespace, err)
	}
	out := make([]*corev1.LimitRange, len(list.Items))
	for i := range list.Items {
		out[i] = &list.Items[i]
	}
	return out, nil
}
