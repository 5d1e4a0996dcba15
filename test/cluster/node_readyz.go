package cluster

import (
	"context"
	"fmt"
	"time"
)

// waitAPIServerReady polls the apiserver's /readyz: a kubelet started before it is
// ready registers late and its first pod syncs fail.
func waitAPIServerReady(ctx context.Context, c *Cluster, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		_, last = c.Client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if last == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("kube-apiserver not ready within %s: %v", timeout, last)
}
