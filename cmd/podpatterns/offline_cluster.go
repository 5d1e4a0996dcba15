package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"

	"github.com/spf13/cobra"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/clusterview"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
)

// clusterFlags are --from-cluster: read what the server would see (its config, each
// namespace's labels and annotations, the PriorityClasses) from the live cluster, as
// `istioctl kube-inject` reads the injector's ConfigMap. Explicit flags still win.
type clusterFlags struct {
	enabled    bool
	kube       kubeFlags
	configMap  string
	view       *clusterview.View
	namespaces map[string]mutators.Namespace
}

func (c *clusterFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&c.enabled, "from-cluster", false, "read the config (unless --config is given), namespace labels and annotations (unless --namespace-labels/--namespace-annotations are given), PriorityClasses and LimitRanges from the cluster")
	c.kube.register(fs, "with --from-cluster: ")
	fs.StringVar(&c.configMap, "config-map", clusterview.DefaultConfigMap, "with --from-cluster: the chart's ConfigMap, NAMESPACE/NAME")
}

// connect opens the cluster view once.
func (c *clusterFlags) connect() (*clusterview.View, error) {
	if c.view == nil {
		client, err := clusterClient(c.kube)
		if err != nil {
			return nil, fmt.Errorf("--from-cluster: %w", err)
		}
		c.view, c.namespaces = &clusterview.View{Client: client}, map[string]mutators.Namespace{}
	}
	return c.view, nil
}

// loadConfig returns the config the offline tools use: the cluster's with
// --from-cluster (unless --config was given), else the file, with a hint when the file
// does not exist.
func (o *offlineFlags) loadConfig(ctx context.Context, cmd *cobra.Command) (*config.Loaded, error) {
	if o.cluster.enabled && !cmd.Flags().Changed("config") {
		view, err := o.cluster.connect()
		if err != nil {
			return nil, err
		}
		data, err := view.Config(ctx, o.cluster.configMap)
		if err != nil {
			return nil, err
		}
		return config.Parse("configmap "+o.cluster.configMap, data)
	}
	cfg, err := config.LoadFile(o.config)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New(configError(err, o.config, offlineHint) + "\n  or read it from the cluster with --from-cluster")
	}
	return cfg, err
}

// clusterPriorityClasses are the cluster's classes with --from-cluster, else none.
func (o *offlineFlags) clusterPriorityClasses(ctx context.Context) ([]*schedulingv1.PriorityClass, error) {
	if !o.cluster.enabled {
		return nil, nil
	}
	view, err := o.cluster.connect()
	if err != nil {
		return nil, err
	}
	items, err := view.PriorityClasses(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*schedulingv1.PriorityClass, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out, nil
}

// namespaceOf is the namespace a pod is admitted in: from the cluster with
// --from-cluster, else from the flags; labels from --namespace-labels (when given) and
// the command's own overrides (validate's --profile and --mode) win.
func (o *offlineFlags) namespaceOf(ctx context.Context, cmd *cobra.Command, name string) (mutators.Namespace, error) {
	ns := mutators.Namespace{Name: name, Labels: map[string]string{}, Annotations: map[string]string{}}
	if o.cluster.enabled {
		cached, ok := o.cluster.namespaces[name]
		if !ok {
			view, err := o.cluster.connect()
			if err != nil {
				return ns, err
			}
			labels, annotations, err := view.Namespace(ctx, name)
			if err != nil {
				return ns, err
			}
			cached = mutators.Namespace{Name: name, Labels: labels, Annotations: annotations}
			o.cluster.namespaces[name] = cached
		}
		maps.Copy(ns.Labels, cached.Labels)
		maps.Copy(ns.Annotations, cached.Annotations)
		if err := o.ranges.fetch(ctx, &o.cluster, name); err != nil {
			return ns, err
		}
	}
	if !o.cluster.enabled {
		maps.Copy(ns.Labels, o.defaultLabels)
	}
	if !o.cluster.enabled || cmd.Flags().Changed("namespace-labels") {
		mergeLabels(ns.Labels, o.namespaceLabels)
	}
	if !o.cluster.enabled || cmd.Flags().Changed("namespace-annotations") {
		maps.Copy(ns.Annotations, o.namespaceAnnotations)
	}
	maps.Copy(ns.Labels, o.labelOverrides)
	return ns, nil
}

// clusterClient connects --from-cluster (a variable: the tests answer with a fake).
var clusterClient = func(k kubeFlags) (kubernetes.Interface, error) { return k.client() }
