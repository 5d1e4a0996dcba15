package nodestack

import (
	"context"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// PreStopSleep is the node config's lifecycle.preStop.sleepSeconds.
const PreStopSleep = 5 * time.Second

// ServingAfterDelete deletes the pod (with its own grace period) and returns how long
// its app kept answering at the pod IP, and how long the pod took to disappear.
func ServingAfterDelete(ctx context.Context, c kubernetes.Interface, ns, name, ip string) (serving, gone time.Duration, err error) {
	url := fmt.Sprintf("http://%s:8080/hostname", ip)
	if _, err := HTTPGet(url); err != nil {
		return 0, 0, fmt.Errorf("not serving before the delete: %w", err)
	}
	begin := time.Now()
	if err := c.CoreV1().Pods(ns).Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
		return 0, 0, err
	}
	for time.Since(begin) < 30*time.Second {
		if _, err := HTTPGet(url); err != nil {
			break
		}
		serving = time.Since(begin)
		time.Sleep(100 * time.Millisecond)
	}
	if err := WaitGone(c, ns, name, time.Minute); err != nil {
		return serving, 0, err
	}
	return serving, time.Since(begin), nil
}

// WaitGone waits until the pod no longer exists.
func WaitGone(c kubernetes.Interface, ns, name string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		_, err := c.CoreV1().Pods(ns).Get(context.Background(), name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("pod %s/%s still exists after %s", ns, name, timeout)
}
