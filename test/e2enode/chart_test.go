package e2enode

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestChartRunsOnTheNode: `helm install --wait` of the chart with the image built here
// ends with two Ready replicas behind the Service, the PDB in place, Pod Security
// "restricted" enforced in the release namespace (a privileged pod is refused there, the
// chart's pods were admitted), and the apiserver calling the webhook through the Service
// (a pod in an opted-in namespace comes back mutated).
func TestChartRunsOnTheNode(t *testing.T) {
	rel := needRelease(t)
	ctx := ctxFor(t, time.Minute)
	c := env.Cluster.Client
	if rel.Info.Status != "deployed" {
		t.Errorf("release status %s", rel.Info.Status)
	}
	dep, err := c.AppsV1().Deployments(nodestack.ReleaseNamespace).Get(ctx, nodestack.ServiceName, metav1.GetOptions{})
	if err != nil || dep.Status.ReadyReplicas != 2 {
		t.Fatalf("deployment: %v, ready replicas %d; want 2", err, dep.Status.ReadyReplicas)
	}
	slices, err := c.DiscoveryV1().EndpointSlices(nodestack.ReleaseNamespace).List(ctx, metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=" + nodestack.ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	ready := 0
	for _, s := range slices.Items {
		for _, e := range s.Endpoints {
			if e.Conditions.Ready != nil && *e.Conditions.Ready {
				ready++
			}
		}
	}
	if ready != 2 {
		t.Errorf("the Service has %d ready endpoints, want 2", ready)
	}
	if _, err := c.PolicyV1().PodDisruptionBudgets(nodestack.ReleaseNamespace).Get(ctx, nodestack.ServiceName, metav1.GetOptions{}); err != nil {
		t.Errorf("PDB: %v", err)
	}
	privileged := nodestack.AgnhostPod("privileged", "pause")
	privileged.Spec.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: new(true)}
	if _, err := c.CoreV1().Pods(nodestack.ReleaseNamespace).Create(ctx, privileged, metav1.CreateOptions{}); err == nil || !strings.Contains(err.Error(), "restricted") {
		t.Errorf("a privileged pod in the release namespace: %v; want refused by PodSecurity restricted", err)
	}
	ns := injectNamespace(t, "through-service")
	pod, err := c.CoreV1().Pods(ns).Create(ctx, nodestack.AppPod("mutated", map[string]string{mutators.AnnotationDownwardAPI: "true"}), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pod.Annotations[mutators.AnnotationStatus] == "" {
		t.Errorf("the pod was not mutated: the apiserver did not reach the webhook through the Service")
	}
}
