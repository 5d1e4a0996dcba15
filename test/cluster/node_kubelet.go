package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// NodeName is the name the kubelet registers.
const NodeName = "podpatterns-node"

// kubeletConfig is the KubeletConfiguration for these VMs:
//   - failCgroupV1: false, cgroupDriver: cgroupfs: a cgroup v1 hybrid host without systemd;
//   - cgroupRoot: every pod cgroup below NodeCgroupRoot (one place to clean);
//   - the API served on loopback only, and to nobody (no anonymous, no client CA):
//     the suite reads pods through the apiserver, and logs from podLogsDir;
//   - eviction thresholds low and image GC off: a shared CI disk must not evict the
//     suite's pods or delete the imported images (nothing can be pulled back).
func kubeletConfig(dir, runtimeSocket string, port, healthzPort int) string {
	return fmt.Sprintf(`apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: %s
containerRuntimeEndpoint: unix://%s
address: 127.0.0.1
port: %d
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: %d
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
authorization:
  mode: AlwaysAllow
podLogsDir: %s
failSwapOn: false
resolvConf: ""
staticPodPath: ""
serializeImagePulls: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%%
  imagefs.available: 1%%
  nodefs.inodesFree: 1%%
syncFrequency: 10s
`, NodeCgroupRoot, runtimeSocket, port, healthzPort, filepath.Join(dir, "pod-logs"))
}

// startKubelet runs the kubelet with its own kubeconfig.
func startKubelet(n *Node) (*process, error) {
	dir := filepath.Join(n.Dir, "kubelet")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	config := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(config, []byte(kubeletConfig(dir, n.ContainerdSocket, ports[0], ports[1])), 0o644); err != nil {
		return nil, err
	}
	kubeconfig, err := n.userKubeconfig(KubeletUser, "kubelet.kubeconfig")
	if err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(n.Dir, "kubelet.log"))
	if err != nil {
		return nil, err
	}
	args := []string{"--config=" + config, "--kubeconfig=" + kubeconfig, "--root-dir=" + filepath.Join(dir, "root"),
		"--hostname-override=" + NodeName, "--v=2"}
	return startProcess(BinaryKubelet, filepath.Join(n.AssetDir, BinaryKubelet), args, out, "PATH="+n.path())
}

// userKubeconfig writes a kubeconfig for a system:masters user of the cluster.
func (n *Node) userKubeconfig(user, file string) (string, error) {
	cfg, err := n.cluster.AddUser(user, "system:masters")
	if err != nil {
		return "", err
	}
	path := filepath.Join(n.Dir, file)
	return path, WriteKubeconfig(path, cfg)
}

// waitNodeReady polls until the node reports Ready, or the kubelet exits.
func (n *Node) waitNodeReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last := "not registered"
	for time.Now().Before(deadline) {
		if exited, err := n.kubelet.exited(); exited {
			return fmt.Errorf("the kubelet exited (%v); see %s", err, filepath.Join(n.Dir, "kubelet.log"))
		}
		node, err := n.cluster.Client.CoreV1().Nodes().Get(ctx, NodeName, metav1.GetOptions{})
		if err == nil {
			for _, c := range node.Status.Conditions {
				if c.Type == corev1.NodeReady {
					if c.Status == corev1.ConditionTrue {
						return nil
					}
					last = c.Reason + ": " + c.Message
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("node %s not Ready within %s (%s); see %s", NodeName, timeout, last, filepath.Join(n.Dir, "kubelet.log"))
}
