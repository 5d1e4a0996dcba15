package main

import (
	"context"
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/analyze"
	"github.com/podpatterns/podpatterns/clusterview"
	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/limitrange"
	"github.com/podpatterns/podpatterns/mutators"
)

// runAnalyze reads the cluster, composes the server's pipeline from the current config,
// the cluster's PriorityClasses and LimitRanges, and returns every finding.
func runAnalyze(ctx context.Context, f *analyzeFlags) ([]analyze.Finding, error) {
	rc, err := f.kube.restConfig()
	if err != nil {
		return nil, err
	}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, err
	}
	view := clusterview.View{Client: client}
	cfg, err := currentConfig(ctx, view, f.configFile, f.configMap)
	if err != nil {
		return nil, err
	}
	p, err := livePipeline(ctx, view, cfg)
	if err != nil {
		return nil, err
	}
	findings, err := analyzeNamespaces(ctx, view, p, f)
	if err != nil {
		return nil, err
	}
	hooks, err := webhookConfigs(ctx, client, f.mutating, f.validating)
	if err != nil {
		return nil, err
	}
	return append(findings, analyze.Webhooks(hooks)...), nil
}

// currentConfig is --config, else the chart's ConfigMap.
func currentConfig(ctx context.Context, view clusterview.View, file, configMap string) (*config.Loaded, error) {
	if file != "" {
		return config.LoadFile(file)
	}
	data, err := view.Config(ctx, configMap)
	if err != nil {
		return nil, err
	}
	return config.Parse("configmap "+configMap, data)
}

// livePipeline is the server's pipeline with the cluster's PriorityClasses and
// LimitRanges, as its informers would hold them.
func livePipeline(ctx context.Context, view clusterview.View, cfg *config.Loaded) (*admission.Pipeline, error) {
	items, err := view.PriorityClasses(ctx)
	if err != nil {
		return nil, err
	}
	live := make([]*schedulingv1.PriorityClass, len(items))
	for i := range items {
		live[i] = &items[i]
	}
	classes, err := priorityClassesOf(nil, live...)
	if err != nil {
		return nil, err
	}
	ranges, err := view.LimitRanges(ctx, metav1.NamespaceAll)
	if err != nil {
		return nil, err
	}
	return admission.Compose(cfg, admission.Deps{PriorityClasses: classes, LimitRanges: limitrange.Static(ranges)}), nil
}

// analyzeNamespaces checks every namespace the webhooks see (or -n's): the namespace,
// then each pod template in it.
func analyzeNamespaces(ctx context.Context, view clusterview.View, p *admission.Pipeline, f *analyzeFlags) ([]analyze.Finding, error) {
	list, err := view.Client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	release, _, _ := strings.Cut(f.configMap, "/")
	var out []analyze.Finding
	for _, n := range list.Items {
		ns := mutators.Namespace{Name: n.Name, Labels: n.Labels, Annotations: n.Annotations}
		if (f.namespace != "" && n.Name != f.namespace) || n.Name == systemNamespace || n.Name == release || !seenByWebhooks(ns) {
			continue
		}
		found, skips, err := analyze.Namespace(p, ns)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
		templates, err := view.PodTemplates(ctx, n.Name)
		if err != nil {
			return nil, err
		}
		for _, t := range templates {
			found, err := analyze.Workload(p, t.Object, t.Pod, ns, skips)
			if err != nil {
				return nil, err
			}
			out = append(out, found...)
		}
	}
	return out, nil
}

// seenByWebhooks: the namespace opts into injection or names a profile (the two pod
// webhooks' namespaceSelectors).
func seenByWebhooks(ns mutators.Namespace) bool {
	_, profile := ns.Labels[mutators.LabelProfile]
	return profile || ns.Labels[mutators.LabelInject] == mutators.InjectEnabled
}

// webhookConfigs reads the two configurations (a missing one has no Webhooks).
func webhookConfigs(ctx context.Context, client kubernetes.Interface, mutating, validating string) ([]analyze.WebhookConfig, error) {
	reg := client.AdmissionregistrationV1()
	m := analyze.WebhookConfig{Kind: "MutatingWebhookConfiguration", Name: mutating}
	mwc, err := reg.MutatingWebhookConfigurations().Get(ctx, mutating, metav1.GetOptions{})
	switch {
	case err == nil:
		m.Webhooks = map[string]admissionregistrationv1.WebhookClientConfig{}
		for _, w := range mwc.Webhooks {
			m.Webhooks[w.Name] = w.ClientConfig
		}
	case !apierrors.IsNotFound(err):
		return nil, err
	}
	v := analyze.WebhookConfig{Kind: "ValidatingWebhookConfiguration", Name: validating}
	vwc, err := reg.ValidatingWebhookConfigurations().Get(ctx, validating, metav1.GetOptions{})
	switch {
	case err == nil:
		v.Webhooks = map[string]admissionregistrationv1.WebhookClientConfig{}
		for _, w := range vwc.Webhooks {
			v.Webhooks[w.Name] = w.ClientConfig
		}
	case !apierrors.IsNotFound(err):
		return nil, err
	}
	return []analyze.WebhookConfig{m, v}, nil
}
