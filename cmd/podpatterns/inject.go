package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/patch"
	"github.com/podpatterns/podpatterns/webhook"
)

// offlineFlags are shared by inject and validate: where the objects and config come from
// and what the namespace looks like (the server would read it from the cluster).
type offlineFlags struct {
	file                 string
	config               string
	namespace            string
	namespaceLabels      map[string]string
	namespaceAnnotations map[string]string
	selfImage            string
	priorityClasses      string
}

func (o *offlineFlags) register(cmd *cobra.Command, defaultLabels map[string]string) {
	fs := cmd.Flags()
	fs.StringVarP(&o.file, "filename", "f", "", "file with Pods and/or workloads (multi-document YAML, - for stdin)")
	fs.StringVar(&o.config, "config", "/etc/podpatterns/config.yaml", "podpatterns config file")
	fs.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that do not name one")
	fs.StringToStringVar(&o.namespaceLabels, "namespace-labels", defaultLabels, "labels of the namespace")
	fs.StringToStringVar(&o.namespaceAnnotations, "namespace-annotations", nil, "annotations of the namespace (pod annotation defaults)")
	fs.StringVar(&o.selfImage, "self-image", defaultSelfImage(), "image of the config-template render init container")
	fs.StringVar(&o.priorityClasses, "priority-classes", "", "file with the cluster's PriorityClasses (default: only the system classes, plus any in -f)")
	_ = cmd.MarkFlagRequired("filename")
}

// pipeline loads the config and builds the same chains the server runs, with the
// PriorityClasses found in --priority-classes and in docs.
func (o *offlineFlags) pipeline(docs []*document) (*webhook.Pipeline, webhook.NamespaceLister, error) {
	cfg, err := config.LoadFile(o.config)
	if err != nil {
		return nil, nil, err
	}
	all := docs
	if o.priorityClasses != "" {
		extra, err := readDocuments(o.priorityClasses, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("--priority-classes: %w", err)
		}
		all = append(append([]*document{}, docs...), extra...)
	}
	classes, err := priorityClassesOf(all)
	if err != nil {
		return nil, nil, err
	}
	ns := webhook.StaticNamespaces{Labels: o.namespaceLabels, Annotations: o.namespaceAnnotations}
	return webhook.Compose(cfg, webhook.Deps{SelfImage: o.selfImage, PriorityClasses: classes}), ns, nil
}

func newInjectCommand() *cobra.Command {
	o := &offlineFlags{}
	cmd := &cobra.Command{
		Use:   "inject -f FILE",
		Short: "Print objects as the webhook would mutate them (Pods and pod templates of workloads)",
		Long: `inject runs the server's mutator chain offline, like istioctl kube-inject: every Pod, and
the pod template of every Deployment, StatefulSet, DaemonSet, ReplicaSet, Job and CronJob,
is mutated and patched exactly as /mutate would; other objects are printed unchanged.
Warnings go to stderr; a denial exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.inject(cmd) },
	}
	o.register(cmd, map[string]string{mutators.LabelInject: mutators.InjectEnabled})
	return cmd
}

// forEachPod reads the input, builds the server's chains and calls fn for every Pod and
// pod template, with the namespace the server would see. It returns the documents.
func (o *offlineFlags) forEachPod(cmd *cobra.Command, fn func(p *webhook.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error) ([]*document, error) {
	docs, err := readDocuments(o.file, cmd.InOrStdin())
	if err != nil {
		return nil, err
	}
	p, nsLister, err := o.pipeline(docs)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		pod, ok, err := d.pod(o.namespace)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		ns, err := nsLister.Namespace(context.Background(), pod.Namespace)
		if err != nil {
			return nil, err
		}
		if err := fn(p, d, pod, ns); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

func (o *offlineFlags) inject(cmd *cobra.Command) error {
	denied := false
	docs, err := o.forEachPod(cmd, func(p *webhook.Pipeline, d *document, pod *corev1.Pod, ns mutators.Namespace) error {
		orig := pod.DeepCopy()
		req := mutators.NewRequest(pod, ns)
		p.Mutators.Mutate(req)
		for _, w := range req.Report.Warnings {
			fmt.Fprintf(cmd.ErrOrStderr(), "Warning: %s: %s\n", d.name(), w)
		}
		if len(req.Report.Denials) > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "Error: %s: %s\n", d.name(), webhook.DenialMessage(req.Report.Denials))
			denied = true
			return nil
		}
		podPatch, err := patch.Pod(orig, pod)
		if err != nil || podPatch == nil {
			return err
		}
		return d.applyPatch(podPatch)
	})
	if err != nil {
		return err
	}
	if err := writeDocuments(cmd.OutOrStdout(), docs); err != nil {
		return err
	}
	if denied {
		return &exitError{code: 1, err: fmt.Errorf("some objects were denied")}
	}
	return nil
}
