package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// selfManagedPodNamespace is served only by the self-managed installation of
// TestSelfManagedCertificates: the suite's own webhooks exclude it (TestMain), the way a
// second installation's namespaces go into the first one's webhooks.excludeNamespaces.
const selfManagedPodNamespace = "podpatterns-selfmanaged-pods"

// Rotation timing of the self-managed installation: a whole CA lifetime in one minute.
// The serving certificate is renewed every 15 s; the CA is renewed 20 s before it
// expires (a third of its life), its successor signs serving certificates after 5 s in
// the caBundle, and the old CA leaves the bundle when it expires. Every replica re-reads
// the Secret and the configurations every second.
const (
	rotationCAValidity       = 60 * time.Second
	rotationValidity         = 30 * time.Second
	rotationRenewBefore      = 15 * time.Second
	rotationPropagationDelay = 5 * time.Second
	rotationResync           = time.Second
)

// selfManagedValues turn ci/self-managed-values.yaml into the installation under test:
// failurePolicy Fail on every webhook (the CI file relaxes the mutating ones to Ignore,
// which would hide a failed handshake), the short rotation, and the flags a server
// reached by URL needs (127.0.0.1 as an extra SAN), passed the way users pass them:
// server.extraArgs.
func selfManagedValues() map[string]any {
	return map[string]any{
		"webhooks": map[string]any{
			"inject":   map[string]any{"failurePolicy": "Fail"},
			"defaults": map[string]any{"failurePolicy": "Fail"},
		},
		"selfManagedCerts": map[string]any{
			"caValidity": rotationCAValidity.String(), "validity": rotationValidity.String(), "renewBefore": rotationRenewBefore.String(),
		},
		"server": map[string]any{
			"logLevel": "debug",
			"extraArgs": []any{
				"--cert-extra-sans=127.0.0.1",
				"--cert-propagation-delay=" + rotationPropagationDelay.String(),
				"--cert-resync-interval=" + rotationResync.String(),
			},
		},
	}
}

// selfManagedRelease is the chart installed in self-managed mode with two replicas of
// the real server on loopback, each running with the chart's command line as the chart's
// ServiceAccount (so the chart's RBAC is all they have). Replica 0 serves the mutating
// configuration, replica 1 the validating one, so both are on the admission path.
type selfManagedRelease struct {
	// Namespace is the release namespace; ServiceName and SecretName are the chart's
	// --webhook-service and --cert-secret.
	Namespace, ServiceName, SecretName string
	// MutatingName and ValidatingName are the webhook configurations (the same name).
	MutatingName, ValidatingName string
	Replicas                     []*cluster.Server
	LogPaths                     []string
	// Started is when the replicas were started: the CA's lifetime starts about then.
	Started time.Time
}

// installSelfManaged renders and installs the release and starts its replicas; the
// webhook configurations are created last (as Helm does), narrowed to podNamespace.
func installSelfManaged(t *testing.T, podNamespace string) *selfManagedRelease {
	t.Helper()
	ns := newNamespace(t, restrictedNamespace, nil)
	m, err := chartrender.Render(chartrender.Options{
		ValuesFiles: []string{"ci/self-managed-values.yaml"}, Values: selfManagedValues(),
		Namespace: ns, ReleaseName: "podpatterns-sm-" + randomSuffix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var beforeWebhooks []*unstructured.Unstructured
	for _, obj := range m.Objects {
		if !strings.HasSuffix(obj.GetKind(), "WebhookConfiguration") {
			beforeWebhooks = append(beforeWebhooks, obj)
		}
	}
	if _, err := cluster.CreateObjects(ctxFor(t), suite.Cluster.Config, beforeWebhooks); err != nil {
		t.Fatal(err)
	}
	r := &selfManagedRelease{Namespace: ns}
	r.startReplicas(t, m)
	r.createWebhookConfigurations(t, m, podNamespace)
	return r
}

// startReplicas runs two servers at once, so they race to create the Secret.
func (r *selfManagedRelease) startReplicas(t *testing.T, m *chartrender.Manifests) {
	t.Helper()
	var deploy appsv1.Deployment
	var cm corev1.ConfigMap
	if err := chartrender.DecodeStrict(m.OfKind("Deployment")[0], &deploy); err != nil {
		t.Fatal(err)
	}
	if err := chartrender.DecodeStrict(m.OfKind("ConfigMap")[0], &cm); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(suite.Dir, r.Namespace)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	configPath := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(configPath, []byte(cm.Data["config.yaml"]), 0o644); err != nil {
		t.Fatal(err)
	}
	kubeconfig := serviceAccountKubeconfig(t, dir, r.Namespace, deploy.Spec.Template.Spec.ServiceAccountName)
	args := chartServeArgs(deploy.Spec.Template.Spec.Containers[0].Args)
	r.ServiceName, r.SecretName = flagValue(args, "--webhook-service"), flagValue(args, "--cert-secret")
	r.MutatingName, r.ValidatingName = flagValue(args, "--mutating-webhook-configuration"), flagValue(args, "--validating-webhook-configuration")

	r.Replicas, r.LogPaths = make([]*cluster.Server, 2), make([]string, 2)
	errs := make([]error, 2)
	r.Started = time.Now()
	var wg sync.WaitGroup
	for i := range r.Replicas {
		r.LogPaths[i] = filepath.Join(dir, "replica-"+string(rune('a'+i))+".log")
		log, err := os.Create(r.LogPaths[i])
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = log.Close() }) // runs after the replica has stopped
		wg.Go(func() {
			r.Replicas[i], errs[i] = cluster.StartServer(context.Background(), cluster.ServerOptions{
				Binary: suite.Binary, ConfigPath: configPath, Kubeconfig: kubeconfig,
				ExtraArgs: args, Env: []string{"POD_NAMESPACE=" + r.Namespace}, Log: log,
			})
		})
	}
	wg.Wait()
	for i, srv := range r.Replicas {
		if srv != nil {
			t.Cleanup(func() { _ = srv.Stop() })
		}
		if errs[i] != nil {
			t.Fatalf("replica %d: %v (log %s)", i, errs[i], r.LogPaths[i])
		}
	}
}

// createWebhookConfigurations creates the chart's two configurations, pointed at the
// replicas by URL and with no caBundle (the chart renders none: the servers patch it),
// selecting podNamespace only.
func (r *selfManagedRelease) createWebhookConfigurations(t *testing.T, m *chartrender.Manifests, podNamespace string) {
	t.Helper()
	mwc, _, err := cluster.WebhookOptions{URL: r.Replicas[0].URL}.FromManifests(m)
	if err != nil {
		t.Fatal(err)
	}
	_, vwc, err := cluster.WebhookOptions{URL: r.Replicas[1].URL}.FromManifests(m)
	if err != nil {
		t.Fatal(err)
	}
	only := metav1.LabelSelectorRequirement{Key: corev1.LabelMetadataName, Operator: metav1.LabelSelectorOpIn, Values: []string{podNamespace}}
	for i := range mwc.Webhooks {
		sel := mwc.Webhooks[i].NamespaceSelector
		sel.MatchExpressions = append(sel.MatchExpressions, only)
	}
	for i := range vwc.Webhooks {
		sel := vwc.Webhooks[i].NamespaceSelector
		sel.MatchExpressions = append(sel.MatchExpressions, only)
	}
	admission := suite.Client.AdmissionregistrationV1()
	if _, err := admission.MutatingWebhookConfigurations().Create(ctxFor(t), mwc, metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admission.MutatingWebhookConfigurations().Delete(context.Background(), mwc.Name, metav1.DeleteOptions{})
	})
	if _, err := admission.ValidatingWebhookConfigurations().Create(ctxFor(t), vwc, metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admission.ValidatingWebhookConfigurations().Delete(context.Background(), vwc.Name, metav1.DeleteOptions{})
	})
}

// caBundles returns the caBundle of every webhook of the configuration replica i is
// called through (0: mutating, 1: validating).
func (r *selfManagedRelease) caBundles(ctx context.Context, replica int) ([][]byte, error) {
	admission := suite.Client.AdmissionregistrationV1()
	var bundles [][]byte
	if replica == 0 {
		mwc, err := admission.MutatingWebhookConfigurations().Get(ctx, r.MutatingName, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		for _, w := range mwc.Webhooks {
			bundles = append(bundles, w.ClientConfig.CABundle)
		}
		return bundles, nil
	}
	vwc, err := admission.ValidatingWebhookConfigurations().Get(ctx, r.ValidatingName, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	for _, w := range vwc.Webhooks {
		bundles = append(bundles, w.ClientConfig.CABundle)
	}
	return bundles, nil
}

// serviceAccountKubeconfig writes a kubeconfig that authenticates as the ServiceAccount
// namespace/name (a client certificate for its user name and groups).
func serviceAccountKubeconfig(t *testing.T, dir, namespace, name string) string {
	t.Helper()
	user, groups := cluster.ServiceAccountUser(namespace, name)
	cfg, err := suite.Cluster.AddUser(user, groups...)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "serviceaccount.kubeconfig")
	if err := cluster.WriteKubeconfig(path, cfg); err != nil {
		t.Fatal(err)
	}
	return path
}

// locallySetFlags are the chart's flags that cluster.StartServer sets for a server on
// loopback (ports, and the config file written from the chart's ConfigMap).
var locallySetFlags = []string{"--config=", "--port=", "--health-addr=", "--metrics-addr="}

// chartServeArgs are the chart's container args without the subcommand and the flags
// StartServer sets itself: everything else runs exactly as the chart says.
func chartServeArgs(args []string) []string {
	var out []string
	for _, a := range args {
		local := a == "serve"
		for _, f := range locallySetFlags {
			local = local || strings.HasPrefix(a, f)
		}
		if !local {
			out = append(out, a)
		}
	}
	return out
}

// flagValue is the value of --name=value in args, or "".
func flagValue(args []string, name string) string {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}
	return ""
}
