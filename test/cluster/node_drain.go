package cluster

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// drainPods deletes every pod at once (grace period 0) and waits until no process is
// left in the node's pod cgroups, so the kubelet stops the sandboxes itself (their
// network torn down by the CNI, their volumes unmounted) before the teardown sweeps.
func (n *Node) drainPods(ctx context.Context, timeout time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	zero := int64(0)
	pods := n.cluster.Client.CoreV1().Pods(metav1.NamespaceAll)
	for ctx.Err() == nil {
		list, err := pods.List(ctx, metav1.ListOptions{FieldSelector: "spec.nodeName=" + NodeName})
		if err == nil {
			for _, p := range list.Items {
				_ = n.cluster.Client.CoreV1().Pods(p.Namespace).Delete(ctx, p.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
			}
		}
		if err == nil && len(list.Items) == 0 && podProcesses() == 0 {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// podProcesses counts the processes in the node's pod cgroups (memory hierarchy).
func podProcesses() int {
	count := 0
	root := filepath.Join(cgroupMount, "memory", NodeCgroupRoot)
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "cgroup.procs" {
			if data, err := os.ReadFile(path); err == nil {
				count += len(strings.Fields(string(data)))
			}
		}
		return nil
	})
	return count
}
