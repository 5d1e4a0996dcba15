package e2enode

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/nodestack"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func ctxFor(t *testing.T, timeout time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

func randomSuffix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newNamespace creates a namespace that is deleted when the test ends.
func newNamespace(t *testing.T, prefix string, labels map[string]string) string {
	t.Helper()
	name := prefix + "-" + randomSuffix()
	t.Cleanup(func() {
		_ = env.Cluster.Client.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	if err := nodestack.CreateNamespace(ctxFor(t, time.Minute), env.Cluster.Client, name, labels); err != nil {
		t.Fatal(err)
	}
	return name
}

func mustQuantity(s string) resource.Quantity { return resource.MustParse(s) }

// eventuallyGet retries httpGet until it answers 200 without an error in its body (a
// classic helper container may still be starting when the app is Ready).
func eventuallyGet(url string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		body, err := nodestack.HTTPGet(url)
		if (err == nil && !strings.Contains(body, `"errors"`)) || time.Now().After(deadline) {
			return body, err
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// waitPod polls the pod until cond holds (nodestack.WaitPod).
func waitPod(t *testing.T, ns, name string, timeout time.Duration, what string, cond func(*corev1.Pod) bool) *corev1.Pod {
	t.Helper()
	p, err := nodestack.WaitPod(env.Cluster.Client, ns, name, timeout, what, cond)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runPod creates the pod and waits until it is Running and Ready.
func runPod(t *testing.T, ns string, pod *corev1.Pod) *corev1.Pod {
	t.Helper()
	p, err := nodestack.RunPod(ctxFor(t, 30*time.Second), env.Cluster.Client, ns, pod)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// waitGone waits until the pod no longer exists.
func waitGone(t *testing.T, ns, name string, timeout time.Duration) {
	t.Helper()
	if err := nodestack.WaitGone(env.Cluster.Client, ns, name, timeout); err != nil {
		t.Fatal(err)
	}
}
