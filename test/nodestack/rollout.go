package nodestack

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// Rollout experiment parameters: an ingress 1.5 s behind the EndpointSlices, a request
// every 20 ms, three replicas rolled one at a time.
const (
	IngressDelay    = 1500 * time.Millisecond
	RequestInterval = 20 * time.Millisecond
	RolloutReplicas = 3
)

// RolloutResult is what one rolled Deployment cost its clients.
type RolloutResult struct {
	Sent, Failed int64
	LastError    string
	Took         time.Duration
}

// Rollout creates the Deployment of agnhost netexec (pods annotated with annotations)
// and its Service in ns, starts the ingress, restarts the Deployment (a new ReplicaSet
// replaces every pod) and returns what the clients saw. The ingress's EndpointSlice watch
// ends when Rollout returns: an open watch would hold up the apiserver's shutdown.
func Rollout(ctx context.Context, c kubernetes.Interface, ns string, annotations map[string]string) (RolloutResult, error) {
	ctx, cancel := context.WithCancel(ctx) // the ingress's watch ends with the experiment
	defer cancel()
	dep := NetexecDeployment(annotations)
	if _, err := c.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		return RolloutResult{}, err
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.ServiceSpec{
		Selector: dep.Spec.Selector.MatchLabels,
		Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}},
	}}
	if _, err := c.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		return RolloutResult{}, err
	}
	if err := WaitRolledOut(c, ns, dep.Name, 1); err != nil {
		return RolloutResult{}, err
	}
	in := &ingress{client: c, namespace: ns, svc: svc.Name, port: 8080, propagationDelay: IngressDelay}
	if err := in.follow(ctx); err != nil {
		return RolloutResult{}, err
	}
	time.Sleep(2 * IngressDelay) // the ingress has the current endpoints
	driveCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan struct{})
	go func() { in.drive(driveCtx, RequestInterval, int64(3*time.Minute/RequestInterval)); close(done) }()
	begin := time.Now()
	patch := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{"e2e.podpatterns.io/restartedAt":%q}}}}}`, begin.Format(time.RFC3339Nano))
	if _, err := c.AppsV1().Deployments(ns).Patch(ctx, dep.Name, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		return RolloutResult{}, err
	}
	if err := WaitRolledOut(c, ns, dep.Name, 2); err != nil {
		return RolloutResult{}, err
	}
	took := time.Since(begin)
	time.Sleep(2 * IngressDelay) // the last old pod's removal reaches the ingress
	stop()
	<-done
	last, _ := in.lastErr.Load().(string)
	return RolloutResult{Sent: in.sent.Load(), Failed: in.failed.Load(), LastError: last, Took: took}, nil
}

// NetexecDeployment is the experiment's Deployment "web": RolloutReplicas of agnhost
// netexec, surge one, none unavailable.
func NetexecDeployment(annotations map[string]string) *appsv1.Deployment {
	labels := map[string]string{"app": "web"}
	pod := AgnhostPod("", "netexec", "--http-port=8080", "--udp-port=8080")
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(RolloutReplicas)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType, RollingUpdate: &appsv1.RollingUpdateDeployment{
				MaxSurge: new(intstr.FromInt32(1)), MaxUnavailable: new(intstr.FromInt32(0)),
			}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: annotations}, Spec: pod.Spec},
		},
	}
}

// WaitRolledOut waits until the Deployment's generation is observed and every replica
// is updated, ready and available, with no old pod left.
func WaitRolledOut(c kubernetes.Interface, ns, name string, generation int64) error {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		d, err := c.AppsV1().Deployments(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err == nil && d.Status.ObservedGeneration >= generation && d.Status.UpdatedReplicas == RolloutReplicas &&
			d.Status.ReadyReplicas == RolloutReplicas && d.Status.Replicas == RolloutReplicas && d.Status.AvailableReplicas == RolloutReplicas {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("deployment %s/%s not rolled out (generation %d) within 3 minutes", ns, name, generation)
}
