package main

import (
	"fmt"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
)

// offlineFlags are shared by inject and validate: where the objects and config come from
// and what the namespace looks like (the server would read it from the cluster).
type offlineFlags struct {
	files                []string
	recursive            bool
	config               string
	namespace            string
	namespaceLabels      map[string]string
	defaultLabels        map[string]string
	namespaceAnnotations map[string]string
	renderImage          string
	priorityClasses      string
	limitRanges          string
	ranges               offlineRanges
	// labelOverrides are namespace labels the command sets (validate's --profile).
	labelOverrides map[string]string
	cluster        clusterFlags
}

func (o *offlineFlags) register(cmd *cobra.Command, defaultLabels map[string]string) {
	fs := cmd.Flags()
	fs.StringArrayVarP(&o.files, "filename", "f", nil, "files or directories with Pods and/or workloads (multi-document YAML or JSON, - for stdin); repeatable")
	fs.BoolVarP(&o.recursive, "recursive", "R", false, "descend into the subdirectories of a directory given to -f")
	fs.StringVar(&o.config, "config", "/etc/podpatterns/config.yaml", "podpatterns config file")
	fs.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that do not name one")
	o.defaultLabels = defaultLabels
	fs.StringToStringVar(&o.namespaceLabels, "namespace-labels", nil,
		"labels of the namespace, merged over the default "+formatLabels(defaultLabels)+" (an empty value removes a label: podpatterns.io/inject= for a namespace that is not opted in)")
	fs.StringToStringVar(&o.namespaceAnnotations, "namespace-annotations", nil, "annotations of the namespace (pod annotation defaults)")
	fs.StringVar(&o.renderImage, "self-image", defaultSelfImage(), "image of the config-template render init container")
	fs.StringVar(&o.priorityClasses, "priority-classes", "", "file with the cluster's PriorityClasses (default: only the system classes, plus any in -f)")
	fs.StringVar(&o.limitRanges, "limit-ranges", "", "file with LimitRanges of the namespaces (default: none, plus any in -f; with --from-cluster, each namespace's own too)")
	_ = cmd.MarkFlagRequired("filename")
	o.cluster.register(cmd)
}

// pipeline loads the config and composes the same pipeline the server runs, with the
// PriorityClasses and LimitRanges found in --priority-classes, --limit-ranges and docs.
func (o *offlineFlags) pipeline(cmd *cobra.Command, docs []*document) (*admission.Pipeline, error) {
	cfg, err := o.loadConfig(cmd.Context(), cmd)
	if err != nil {
		return nil, err
	}
	if err := o.checkOverrides(cfg); err != nil {
		return nil, err
	}
	all := docs
	for _, extra := range []struct{ flag, path string }{{"--priority-classes", o.priorityClasses}, {"--limit-ranges", o.limitRanges}} {
		if extra.path == "" {
			continue
		}
		more, err := readDocuments(extra.path, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", extra.flag, err)
		}
		all = append(append([]*document{}, all...), more...)
	}
	if err := o.ranges.collect(all, o.namespace); err != nil {
		return nil, err
	}
	live, err := o.clusterPriorityClasses(cmd.Context())
	if err != nil {
		return nil, err
	}
	classes, err := priorityClassesOf(all, live...)
	if err != nil {
		return nil, err
	}
	return admission.Compose(cfg, admission.Deps{RenderImage: o.renderImage, PriorityClasses: classes, LimitRanges: &o.ranges}), nil
}

// podFunc handles one Pod or pod template, in the namespace the server would see.
type podFunc func(p *admission.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error

// forEachPod reads the input, composes the server's pipeline and calls fn for every Pod
// and pod template. It returns the documents.
func (o *offlineFlags) forEachPod(cmd *cobra.Command, fn podFunc) ([]*document, error) {
	docs, err := readInputs(o.files, o.recursive, cmd.InOrStdin())
	if err != nil {
		return nil, err
	}
	p, err := o.pipeline(cmd, docs)
	if err != nil {
		return nil, err
	}
	if !o.cluster.enabled {
		o.noteLabelChanges(cmd.ErrOrStderr())
	}
	for _, d := range docs {
		pod, ok, err := d.pod(o.namespace)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if o.excludedNamespace(pod.Namespace) {
			o.noteExcluded(cmd.ErrOrStderr(), d.name(), pod.Namespace)
			continue
		}
		ns, err := o.namespaceOf(cmd.Context(), cmd, pod.Namespace)
		if err != nil {
			return nil, err
		}
		if err := fn(p, d, pod, ns); err != nil {
			return nil, err
		}
	}
	return docs, nil
}
