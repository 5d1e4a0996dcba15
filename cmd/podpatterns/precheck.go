package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/analyze"
)

// installPermissions are what `helm install` of the chart creates: "group/resource"
// (core: "/resource"), cluster scoped when the bool says so.
var installPermissions = []struct {
	resource string
	cluster  bool
}{
	{"/serviceaccounts", false}, {"/configmaps", false}, {"/services", false}, {"apps/deployments", false},
	{"policy/poddisruptionbudgets", false}, {"networking.k8s.io/networkpolicies", false}, {"batch/jobs", false},
	{"rbac.authorization.k8s.io/roles", false}, {"rbac.authorization.k8s.io/rolebindings", false},
	{"rbac.authorization.k8s.io/clusterroles", true}, {"rbac.authorization.k8s.io/clusterrolebindings", true},
	{"admissionregistration.k8s.io/mutatingwebhookconfigurations", true},
	{"admissionregistration.k8s.io/validatingwebhookconfigurations", true}, {"/namespaces", true},
}

// newPrecheckCommand is `podpatterns precheck`: can the chart be installed here, by
// this user (istioctl x precheck, linkerd check --pre)? It only reads.
func newPrecheckCommand() *cobra.Command {
	var kube kubeFlags
	var namespace, output string
	var certManager bool
	cmd := &cobra.Command{
		Use:   "precheck",
		Short: "Check a cluster before installing the chart (Kubernetes version, APIs, cert-manager and its cainjector, the installer's permissions); exit 1 on an error",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "text" && output != "json" {
				return usageError("-o %q: want text or json", output)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), time.Minute)
			defer cancel()
			client, err := kube.client()
			if err != nil {
				return err
			}
			c, err := readCluster(ctx, client, namespace, certManager)
			if err != nil {
				return err
			}
			return writeFindings(cmd.OutOrStdout(), output, analyze.Precheck(c, certManager))
		},
	}
	fs := cmd.Flags()
	kube.register(fs, "")
	fs.StringVarP(&namespace, "namespace", "n", "podpatterns-system", "the release namespace the chart will be installed in")
	fs.BoolVar(&certManager, "cert-manager", true, "the chart's certManager.enabled: require cert-manager and its cainjector (false: self-managed certificates)")
	fs.StringVarP(&output, "output", "o", "text", "text, or json: the findings (severity, code, object, message)")
	return cmd
}

// readCluster reads the version, the served APIs, the ready cainjectors and the
// installer's missing permissions.
func readCluster(ctx context.Context, client kubernetes.Interface, namespace string, certManager bool) (analyze.Cluster, error) {
	v, err := client.Discovery().ServerVersion()
	if err != nil {
		return analyze.Cluster{}, fmt.Errorf("reading the Kubernetes version: %w", err)
	}
	c := analyze.Cluster{Version: v.GitVersion, APIs: map[string]bool{}}
	_, lists, err := client.Discovery().ServerGroupsAndResources()
	if err != nil && len(lists) == 0 {
		return c, fmt.Errorf("reading the served APIs: %w", err)
	}
	for _, l := range lists {
		for _, r := range l.APIResources {
			c.APIs[l.GroupVersion+"/"+r.Name] = true
		}
	}
	if certManager {
		deps, err := client.AppsV1().Deployments(metav1.NamespaceAll).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/component=cainjector"})
		if err != nil {
			return c, fmt.Errorf("looking for cert-manager's cainjector: %w", err)
		}
		for _, d := range deps.Items {
			if d.Status.ReadyReplicas > 0 {
				c.CAInjectors++
			}
		}
	}
	for _, p := range installPermissions {
		ns := namespace
		if p.cluster {
			ns = ""
		}
		if denied, err := mayNot(ctx, client, "create", p.resource, ns); err != nil {
			return c, err
		} else if denied {
			c.Denied = append(c.Denied, "create "+p.resource)
		}
	}
	return c, nil
}

// mayNot asks the API server whether the current user may not verb resource in ns.
func mayNot(ctx context.Context, client kubernetes.Interface, verb, resource, ns string) (bool, error) {
	group, res, _ := strings.Cut(resource, "/")
	review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
		ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: verb, Group: group, Resource: res, Namespace: ns}}}
	got, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
	if err != nil {
		return false, fmt.Errorf("asking whether you may %s %s: %w", verb, resource, err)
	}
	return !got.Status.Allowed, nil
}
