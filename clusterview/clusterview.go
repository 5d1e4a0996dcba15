// Package clusterview reads what the server would see from a live cluster, for the
// offline commands' --from-cluster (as `istioctl kube-inject` reads the injector's
// ConfigMap): the chart's config file, a namespace's labels and annotations, and the
// PriorityClasses, a namespace's LimitRanges. Reads only; nothing is changed.
package clusterview

import (
	"context"
	"fmt"
	"strings"

	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// ConfigKey is the key of the config file in the chart's ConfigMap.
const ConfigKey = "config.yaml"

// DefaultConfigMap is the chart's ConfigMap with its default release name and namespace.
const DefaultConfigMap = "podpatterns-system/podpatterns-config"

// View reads from one cluster.
type View struct {
	Client kubernetes.Interface
}

// Config returns the config file in the ConfigMap ref ("namespace/name").
func (v View) Config(ctx context.Context, ref string) ([]byte, error) {
	ns, name, ok := strings.Cut(ref, "/")
	if !ok || ns == "" || name == "" {
		return nil, fmt.Errorf("config map %q: want NAMESPACE/NAME", ref)
	}
	cm, err := v.Client.CoreV1().ConfigMaps(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("reading the live config: %w", err)
	}
	data, ok := cm.Data[ConfigKey]
	if !ok {
		return nil, fmt.Errorf("config map %s has no key %s", ref, ConfigKey)
	}
	return []byte(data), nil
}

// Namespace returns the labels and annotations of namespace name.
func (v View) Namespace(ctx context.Context, name string) (labels, annotations map[string]string, err error) {
	ns, err := v.Client.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("reading namespace %s: %w", name, err)
	}
	return ns.Labels, ns.Annotations, nil
}

// PriorityClasses returns the cluster's PriorityClasses.
func (v View) PriorityClasses(ctx context.Context) ([]schedulingv1.PriorityClass, error) {
	list, err := v.Client.SchedulingV1().PriorityClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing PriorityClasses: %w", err)
	}
	return list.Items, nil
}
