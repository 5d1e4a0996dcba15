package e2enode

import (
	"context"
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podpatterns/podpatterns/mutators"
)

// Rollout experiment parameters: an ingress 1.5 s behind the EndpointSlices, a request
// every 20 ms, three replicas rolled one at a time.
const (
	ingressDelay    = 1500 * time.Millisecond
	requestInterval = 20 * time.Millisecond
	rolloutReplicas = 3
)

// rolloutResult is what one rolled Deployment cost its clients.
type rolloutResult struct {
	Sent, Failed int64
	LastError    string
	Took         time.Duration
}

// TestRolloutDropsNoRequest is the experiment of the lifecycle notes: the same
// Deployment of agnhost netexec rolled in a namespace without podpatterns and in one
// where pods get podpatterns.io/prestop. With the preStop sleep the ingress never sends
// to a pod that stopped serving: zero failures. Without it, the count is reported (and
// must be above zero, or the experiment's delay is wrong: it is the negative control).
func TestRolloutDropsNoRequest(t *testing.T) {
	needRelease(t)
	plain := newNamespace(t, "rollout-plain", nil)
	without := rollout(t, plain, nil)
	logf("rollout without podpatterns: %d of %d requests failed (last error: %s) in %s", without.Failed, without.Sent, without.LastError, round(without.Took))
	prestop := injectNamespace(t, "rollout-prestop")
	with := rollout(t, prestop, map[string]string{mutators.AnnotationPreStop: "true"})
	logf("rollout with podpatterns.io/prestop: %d of %d requests failed (last error: %s) in %s", with.Failed, with.Sent, with.LastError, round(with.Took))
	if with.Failed != 0 {
		t.Errorf("with the preStop sleep %d of %d requests failed (last: %s)", with.Failed, with.Sent, with.LastError)
	}
	if without.Failed == 0 {
		t.Errorf("without podpatterns no request failed either: the experiment cannot tell (ingress delay %s)", ingressDelay)
	}
}

// rollout creates the Deployment and its Service, starts the ingress, restarts the
// Deployment (a new ReplicaSet replaces every pod) and returns what the clients saw.
func rollout(t *testing.T, ns string, annotations map[string]string) rolloutResult {
	t.Helper()
	ctx := ctxFor(t, 5*time.Minute)
	c := env.Cluster.Client
	dep := netexecDeployment(annotations)
	if _, err := c.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.ServiceSpec{
		Selector: dep.Spec.Selector.MatchLabels,
		Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}},
	}}
	if _, err := c.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, ns, dep.Name, 1)
	in := &ingress{client: c, namespace: ns, svc: svc.Name, port: 8080, propagationDelay: ingressDelay}
	if err := in.follow(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * ingressDelay) // the ingress has the current endpoints
	driveCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { in.drive(driveCtx, requestInterval, int64(3*time.Minute/requestInterval)); close(done) }()
	begin := time.Now()
	patch := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{"e2e.podpatterns.io/restartedAt":%q}}}}}`, begin.Format(time.RFC3339Nano))
	if _, err := c.AppsV1().Deployments(ns).Patch(ctx, dep.Name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	waitRolledOut(t, ns, dep.Name, 2)
	took := time.Since(begin)
	time.Sleep(2 * ingressDelay) // the last old pod's removal reaches the ingress
	stop()
	<-done
	last, _ := in.lastErr.Load().(string)
	return rolloutResult{Sent: in.sent.Load(), Failed: in.failed.Load(), LastError: last, Took: took}
}

func netexecDeployment(annotations map[string]string) *appsv1.Deployment {
	labels := map[string]string{"app": "web"}
	pod := agnhostPod("", "netexec", "--http-port=8080", "--udp-port=8080")
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(rolloutReplicas)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
				MaxSurge: new(intstr.FromInt32(1)), MaxUnavailable: new(intstr.FromInt32(0)),
			}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: annotations}, Spec: pod.Spec},
		},
	}
}

// waitRolledOut waits until the Deployment's generation is observed and every replica
// is updated, ready and available, with no old pod left.
func waitRolledOut(t *testing.T, ns, name string, generation int64) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		d, err := env.Cluster.Client.AppsV1().Deployments(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil && d.Status.ObservedGeneration >= generation && d.Status.UpdatedReplicas == rolloutReplicas &&
			d.Status.ReadyReplicas == rolloutReplicas && d.Status.Replicas == rolloutReplicas && d.Status.AvailableReplicas == rolloutReplicas {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("deployment %s/%s not rolled out (generation %d) within 3 minutes", ns, name, generation)
}
