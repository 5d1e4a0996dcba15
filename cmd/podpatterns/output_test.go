package main

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/podpatterns/podpatterns/policyreport"
)

// TestInjectJSON: -o json prints a v1 List of the same objects -o yaml prints.
func TestInjectJSON(t *testing.T) {
	out, stderr, err := runCLI(t, workloads, "inject", "-f", "-", "--config", "../../examples/config.yaml", "-o", "json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var list struct {
		Kind  string           `json:"kind"`
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if list.Kind != "List" || len(list.Items) != 3 || !strings.Contains(out, `"name": "log-shipper"`) {
		t.Errorf("kind %s, %d items:\n%s", list.Kind, len(list.Items), out)
	}
	if _, _, err := runCLI(t, workloads, "inject", "-f", "-", "--config", "../../examples/config.yaml", "-o", "xml"); err == nil {
		t.Error("-o xml accepted")
	}
}

// TestValidateJSON: one PolicyReport result per document, the exit code of text mode.
func TestValidateJSON(t *testing.T) {
	in := "apiVersion: v1\nkind: Pod\nmetadata: {name: best-effort, namespace: shop}\nspec:\n  containers: [{name: app, image: nginx}]\n---\n" +
		"apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n"
	out, _, err := runCLI(t, in, "validate", "-f", "-", "--config", "../../examples/config.yaml", "--profile", "standard", "-o", "json")
	if exitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1 for the denied pod", exitCode(err), err)
	}
	var r policyreport.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not a report: %v\n%s", err, out)
	}
	if r.Kind != "PolicyReport" || len(r.Results) != 2 || r.Summary.Fail != 1 || r.Summary.Pass != 1 {
		t.Fatalf("report %+v", r)
	}
	fail := r.Results[0]
	if fail.Policy != "standard" || fail.Result != policyreport.Fail || fail.Resources[0].Name != "best-effort" || fail.Resources[0].Namespace != "shop" || fail.Rule == "" {
		t.Errorf("fail result %+v", fail)
	}
	if r.Results[1].Resources[0].Namespace != "default" {
		t.Errorf("a document without namespace is in %q, want -n's default", r.Results[1].Resources[0].Namespace)
	}
}

// TestMissingConfigHint: the default path exists only in the server's container; the
// error says what to do instead.
func TestMissingConfigHint(t *testing.T) {
	_, _, err := runCLI(t, workloads, "inject", "-f", "-")
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "hint: ") || !strings.Contains(err.Error(), "--from-cluster") {
		t.Fatalf("exit %d: %v", exitCode(err), err)
	}
}

// TestFromCluster: --from-cluster takes the chart's ConfigMap, each namespace's labels
// and annotations, and the cluster's PriorityClasses.
func TestFromCluster(t *testing.T) {
	cfg := "sidecars:\n  helper: {container: {image: helper:1}}\nprofiles:\n  tiered:\n    priorityClasses: {allowed: [gold]}\n"
	client := fake.NewClientset(
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "podpatterns-system", Name: "podpatterns-config"}, Data: map[string]string{"config.yaml": cfg}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "shop", Labels: map[string]string{"podpatterns.io/inject": "enabled", "podpatterns.io/profile": "tiered"},
			Annotations: map[string]string{"podpatterns.io/sidecars": "helper"}}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "quiet"}},
		&schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "gold"}, Value: 1000},
	)
	saved := clusterClient
	clusterClient = func(kubeFlags) (kubernetes.Interface, error) { return client, nil }
	t.Cleanup(func() { clusterClient = saved })

	pods := "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: shop}\nspec:\n  priorityClassName: gold\n  containers: [{name: app, image: nginx}]\n---\n" +
		"apiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: quiet}\nspec:\n  containers: [{name: app, image: nginx}]\n"
	out, stderr, err := runCLI(t, pods, "inject", "-f", "-", "--from-cluster")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	docs := strings.Split(out, "\n---\n")
	if !strings.Contains(docs[0], "image: helper:1") || strings.Contains(docs[1], "helper") {
		t.Errorf("the namespace's label and annotation did not decide:\n%s", out)
	}
	out, _, err = runCLI(t, pods, "validate", "-f", "-", "--from-cluster")
	if err != nil || !strings.Contains(out, "Pod/a: ok") {
		t.Errorf("validate by the namespace's profile with the cluster's class gold: %v\n%s", err, out)
	}
}
