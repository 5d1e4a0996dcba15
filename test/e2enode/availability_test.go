package e2enode

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// creationLoad creates pods (server-side dry run: every call still goes through the
// webhooks, nothing is scheduled) every interval until ctx ends; it counts failures.
type creationLoad struct {
	sent, failed atomic.Int64
	lastErr      atomic.Value
	begin        time.Time
	mu           sync.Mutex
	failures     []loadFailure // the first maxRecordedFailures
}

// loadFailure is one failed creation: when (since the load began) and why.
type loadFailure struct {
	At  time.Duration
	Err string
}

const maxRecordedFailures = 200

func (l *creationLoad) run(ctx context.Context, ns string, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		l.sent.Add(1)
		pod := nodestack.AppPod(fmt.Sprintf("load-%d", i), map[string]string{mutators.AnnotationDownwardAPI: "true"})
		created, err := env.Cluster.Client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err == nil && created.Annotations[mutators.AnnotationStatus] == "" {
			err = fmt.Errorf("admitted without the webhook's mutation")
		}
		if err != nil && ctx.Err() == nil {
			l.failed.Add(1)
			l.lastErr.Store(err.Error())
			l.record(err)
		}
	}
}

func (l *creationLoad) record(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) < maxRecordedFailures {
		l.failures = append(l.failures, loadFailure{At: time.Since(l.begin), Err: err.Error()})
	}
}

// underLoad runs disrupt while pods are created, and returns the load's counts.
func underLoad(t *testing.T, disrupt func(ctx context.Context)) (sent, failed int64, last string) {
	t.Helper()
	l := underLoadRecorded(t, func(ctx context.Context, _ time.Time) { disrupt(ctx) })
	last, _ = l.lastErr.Load().(string)
	return l.sent.Load(), l.failed.Load(), last
}

// underLoadRecorded is underLoad returning the load itself (its failures with their
// times); disrupt gets the load's start.
func underLoadRecorded(t *testing.T, disrupt func(ctx context.Context, begin time.Time)) *creationLoad {
	t.Helper()
	ns := injectNamespace(t, "availability")
	ctx, stop := context.WithTimeout(context.Background(), 3*time.Minute)
	defer stop()
	l := &creationLoad{begin: time.Now()}
	done := make(chan struct{})
	go func() { l.run(ctx, ns, 50*time.Millisecond); close(done) }()
	time.Sleep(2 * time.Second)
	disrupt(ctx, l.begin)
	time.Sleep(2 * time.Second)
	stop()
	<-done
	return l
}

// webhookPods lists the release's pods that are not terminating.
func webhookPods(t *testing.T) []corev1.Pod {
	t.Helper()
	list, err := env.Cluster.Client.CoreV1().Pods(nodestack.ReleaseNamespace).List(context.Background(), metav1.ListOptions{
		LabelSelector: "app.kubernetes.io/name=podpatterns",
	})
	if err != nil {
		t.Fatal(err)
	}
	var pods []corev1.Pod
	for _, p := range list.Items {
		if p.DeletionTimestamp == nil {
			pods = append(pods, p)
		}
	}
	return pods
}

// waitWebhookReady waits until the Deployment has two updated, ready replicas and nothing else.
func waitWebhookReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		d, err := env.Cluster.Client.AppsV1().Deployments(nodestack.ReleaseNamespace).Get(context.Background(), nodestack.ServiceName, metav1.GetOptions{})
		if err == nil && d.Status.ObservedGeneration >= d.Generation && d.Status.UpdatedReplicas == 2 && d.Status.ReadyReplicas == 2 && d.Status.Replicas == 2 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the webhook Deployment is not back to two ready replicas within 3 minutes")
}

// TestWebhookSurvivesLosingAReplica: deleting one webhook replica (as a drain or an
// eviction does) while pods are created fails no creation: the chart's preStop sleep
// keeps it answering until the apiserver stops choosing its endpoint.
func TestWebhookSurvivesLosingAReplica(t *testing.T) {
	needRelease(t)
	waitWebhookReady(t)
	sent, failed, last := underLoad(t, func(ctx context.Context) {
		victim := webhookPods(t)[0]
		if err := env.Cluster.Client.CoreV1().Pods(nodestack.ReleaseNamespace).Delete(ctx, victim.Name, metav1.DeleteOptions{}); err != nil {
			t.Error(err)
		}
		waitGone(t, nodestack.ReleaseNamespace, victim.Name, 2*time.Minute)
	})
	logf("deleting a webhook replica under load: %d of %d creations failed (last: %s)", failed, sent, last)
	if failed != 0 {
		t.Errorf("%d of %d pod creations failed while a replica went away (last: %s)", failed, sent, last)
	}
	waitWebhookReady(t)
}

// TestWebhookSurvivesRolloutRestart: `kubectl rollout restart` of the two webhook
// replicas under a steady creation load on the real apiserver fails no creation, and
// each old replica shuts down gracefully as seen from outside: its /readyz fails first
// (at SIGTERM, after the chart's preStop sleep), its admission listener still accepts
// for the server's shutdown drain, and only then closes.
func TestWebhookSurvivesRolloutRestart(t *testing.T) {
	needRelease(t)
	waitWebhookReady(t)
	old := webhookPods(t)
	if len(old) != 2 {
		t.Fatalf("%d webhook replicas before the restart, want 2", len(old))
	}
	var watches []*shutdownWatch
	sent, failed, last := underLoad(t, func(ctx context.Context) {
		for _, p := range old {
			watches = append(watches, watchShutdown(ctx, p))
		}
		patch := fmt.Sprintf(`{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":%q}}}}}`, time.Now().Format(time.RFC3339Nano))
		if _, err := env.Cluster.Client.AppsV1().Deployments(nodestack.ReleaseNamespace).Patch(ctx, nodestack.ServiceName, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Error(err)
		}
		time.Sleep(time.Second)
		waitWebhookReady(t)
		for _, w := range watches {
			w.wait()
		}
	})
	logf("rollout restart of the webhook under load: %d of %d creations failed (last: %s)", failed, sent, last)
	if failed != 0 {
		t.Errorf("%d of %d pod creations failed during the rollout restart (last: %s)", failed, sent, last)
	}
	for _, w := range watches {
		logf("replica %s: %s", w.name, w)
		if err := w.graceful(); err != nil {
			t.Errorf("replica %s did not shut down gracefully: %v", w.name, err)
		}
	}
}
