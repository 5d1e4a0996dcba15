package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// chartValueSets are the value sets the chart tests render (test/chartrender) that a
// real apiserver must accept: cert-manager mode with defaults, every optional object
// (ServiceMonitor, PrometheusRule) and the example templates, and self-managed
// certificates with a NetworkPolicy and a system priority class.
var chartValueSets = []struct {
	name  string
	files []string
}{
	{name: "default"},
	{name: "examples", files: []string{"ci/examples-values.yaml"}},
	{name: "self-managed", files: []string{"ci/self-managed-values.yaml"}},
}

// restrictedNamespace labels a namespace the way a careful cluster admin labels the
// webhook's: Pod Security Admission enforces (and warns about) the restricted standard.
var restrictedNamespace = map[string]string{
	"pod-security.kubernetes.io/enforce": "restricted",
	"pod-security.kubernetes.io/warn":    "restricted",
}

// Kinds of the chart's webhook configurations.
const (
	kindMutatingWebhookConfiguration   = "MutatingWebhookConfiguration"
	kindValidatingWebhookConfiguration = "ValidatingWebhookConfiguration"
)

// webhookConfigurationKinds are created with server-side dry-run by the chart test: a
// real one would send the pods of every opted-in namespace of the shared suite to a
// Service that has no server behind it. Dry-run still runs full validation, which
// compiles the CEL matchConditions. TestSelfManagedCertificates creates them for real,
// narrowed to its own namespace.
var webhookConfigurationKinds = []string{kindMutatingWebhookConfiguration, kindValidatingWebhookConfiguration}

// TestChartObjectsAcceptedByAPIServer installs every object the chart renders, in Helm's
// install order, into the real apiserver, for each value set in a release namespace of
// its own: with strict field validation (a field the API does not know fails instead of
// being dropped), cert-manager's and prometheus-operator's CRDs loaded from their Go
// modules, and Pod Security "restricted" enforced on the namespace. Nothing may warn, and
// the Deployment's ReplicaSet must create all its pods (PSA would refuse them otherwise).
func TestChartObjectsAcceptedByAPIServer(t *testing.T) {
	t.Parallel()
	installChartCRDs(t)
	for _, vs := range chartValueSets {
		t.Run(vs.name, func(t *testing.T) {
			t.Parallel()
			begin := time.Now()
			ns := newNamespace(t, restrictedNamespace, nil)
			m, err := chartrender.Render(chartrender.Options{
				ValuesFiles: vs.files, Namespace: ns, ReleaseName: "podpatterns-" + vs.name + "-" + randomSuffix(),
			})
			if err != nil {
				t.Fatal(err)
			}
			created, err := cluster.CreateObjects(ctxFor(t), suite.Cluster.Config, m.Objects, webhookConfigurationKinds...)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range created {
				if len(c.Warnings) > 0 {
					t.Errorf("%s: the apiserver warned: %q", c, c.Warnings)
				}
			}
			replicas := assertDeploymentPodsCreated(t, ns)
			logf("chart %s: %d objects accepted (%s), %d of them dry-run; %d Deployment pods admitted under PSS restricted; %s",
				vs.name, len(created), kindCounts(created), countDryRun(created), replicas, since(begin))
		})
	}
}

// chartCRDs installs the CRDs once for every test of the package.
var chartCRDs struct {
	once sync.Once
	err  error
	took time.Duration
}

// installChartCRDs loads cert-manager's and prometheus-operator's CRDs from the module
// cache (downloading the modules through the module proxy if needed).
func installChartCRDs(t *testing.T) {
	t.Helper()
	chartCRDs.once.Do(func() {
		begin := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		chartCRDs.err = cluster.InstallCRDs(ctx, suite.Cluster.Config, cluster.CertManagerCRDs, cluster.PrometheusOperatorCRDs)
		chartCRDs.took = time.Since(begin)
		logf("cert-manager %s and prometheus-operator %s CRDs installed in %s",
			cluster.CertManagerCRDs.Version, cluster.PrometheusOperatorCRDs.Version, round(chartCRDs.took))
	})
	if chartCRDs.err != nil {
		t.Fatalf("installing the CRDs the chart needs: %v", chartCRDs.err)
	}
}

// assertDeploymentPodsCreated waits until the kube-controller-manager has created every
// replica of the chart's Deployment in ns (no kubelet runs them: they stay Pending) and
// returns their number. A pod template that Pod Security refuses never gets there.
func assertDeploymentPodsCreated(t *testing.T, ns string) int {
	t.Helper()
	deploys, err := suite.Client.AppsV1().Deployments(ns).List(ctxFor(t), metav1.ListOptions{})
	if err != nil || len(deploys.Items) != 1 {
		t.Fatalf("want the chart's one Deployment in %s: %v, %v", ns, deploys, err)
	}
	d := deploys.Items[0]
	want := int(*d.Spec.Replicas)
	selector := labels.SelectorFromSet(d.Spec.Selector.MatchLabels).String()
	eventually(t, 30*time.Second, "the Deployment's pods are created", func() (bool, string) {
		pods, err := suite.Client.CoreV1().Pods(ns).List(ctxFor(t), metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			return false, err.Error()
		}
		return len(pods.Items) == want, fmt.Sprintf("%d of %d pods; events: %s", len(pods.Items), want, eventsIn(t, ns))
	})
	return want
}

// eventsIn summarizes the warning events of a namespace (why a ReplicaSet creates no pods).
func eventsIn(t *testing.T, ns string) string {
	events, err := suite.Client.CoreV1().Events(ns).List(ctxFor(t), metav1.ListOptions{})
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, e := range events.Items {
		if e.Type == corev1.EventTypeWarning {
			out = append(out, e.Reason+": "+e.Message)
		}
	}
	return strings.Join(out, "; ")
}

func kindCounts(created []cluster.CreatedObject) string {
	n := map[string]int{}
	for _, c := range created {
		n[c.Kind]++
	}
	var parts []string
	for k, v := range n {
		parts = append(parts, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func countDryRun(created []cluster.CreatedObject) int {
	n := 0
	for _, c := range created {
		if c.DryRun {
			n++
		}
	}
	return n
}

// TestChartChecksRejectBrokenObjects are the negative controls of
// TestChartObjectsAcceptedByAPIServer: the same rendered objects, each broken the way a
// template bug would break it, must be refused by the same calls. Otherwise an accepted
// object would prove nothing.
func TestChartChecksRejectBrokenObjects(t *testing.T) {
	t.Parallel()
	installChartCRDs(t)
	ns := newNamespace(t, restrictedNamespace, nil)
	m, err := chartrender.Render(chartrender.Options{Namespace: ns, ReleaseName: "podpatterns-broken-" + randomSuffix()})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, kind string
		// path to set in the object, and its value
		path  []string
		value any
		want  string
	}{
		{name: "misspelled field in a cert-manager Certificate (CRD schema, strict)", kind: "Certificate",
			path: []string{"spec", "dnsName"}, value: []any{"x"}, want: `unknown field "spec.dnsName"`},
		{name: "misspelled field in a built-in kind (strict)", kind: "Service",
			path: []string{"spec", "clusterIp"}, value: "None", want: `unknown field "spec.clusterIp"`},
		{name: "CEL matchCondition that does not compile (dry-run validates it)", kind: kindMutatingWebhookConfiguration,
			path: []string{"webhooks"}, value: brokenCELWebhooks(t, m), want: "compilation failed"},
		{name: "pod template that Pod Security restricted refuses", kind: "Deployment",
			path: []string{"spec", "template", "spec", "securityContext", "runAsNonRoot"}, value: false, want: "violates PodSecurity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			obj := m.OfKind(tc.kind)[0].DeepCopy()
			if err := unstructured.SetNestedField(obj.Object, tc.value, tc.path...); err != nil {
				t.Fatal(err)
			}
			_, err := cluster.CreateObjects(ctxFor(t), suite.Cluster.Config, []*unstructured.Unstructured{obj}, webhookConfigurationKinds...)
			if tc.kind == "Deployment" {
				err = podSecurityError(t, obj, err)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// brokenCELWebhooks is the rendered mutating webhooks with a first matchCondition that
// does not compile.
func brokenCELWebhooks(t *testing.T, m *chartrender.Manifests) []any {
	t.Helper()
	webhooks, _, err := unstructured.NestedSlice(m.OfKind(kindMutatingWebhookConfiguration)[0].Object, "webhooks")
	if err != nil {
		t.Fatal(err)
	}
	first := webhooks[0].(map[string]any)
	conds := first["matchConditions"].([]any)
	conds[0].(map[string]any)["expression"] = "object.metadata.annotations['x'] +"
	return webhooks
}

// podSecurityError: a Deployment is admitted with a warning only (PSA enforces on pods),
// so the refusal is looked for where users see it: the warning on the Deployment and the
// pods its ReplicaSet may not create. It returns the PSA message as an error.
func podSecurityError(t *testing.T, obj *unstructured.Unstructured, createErr error) error {
	t.Helper()
	if createErr != nil {
		return createErr
	}
	var msg string
	eventually(t, 30*time.Second, "the ReplicaSet reports the Pod Security refusal", func() (bool, string) {
		msg = eventsIn(t, obj.GetNamespace())
		return strings.Contains(msg, "violates PodSecurity"), msg
	})
	return fmt.Errorf("%s", msg)
}
