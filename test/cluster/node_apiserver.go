package cluster

import (
	"fmt"
	"os/exec"
)

// Pods reach the API server the way they do in any cluster: at the `kubernetes` Service
// (KUBERNETES_SERVICE_HOST=10.0.0.1, port 443), with the ServiceAccount token the
// kubelet mounts. With no kube-proxy on the node, the Service's ClusterIP is made a real
// address of this machine (a /32 on the loopback interface: these VMs' kernels have no
// dummy interfaces) and kube-apiserver serves on it, port 443: a pod's packets to it
// leave through the CNI bridge's gateway and are delivered locally.
const (
	// KubernetesServiceIP is the first address of envtest's service range 10.0.0.0/24,
	// which the apiserver gives the `kubernetes` Service.
	KubernetesServiceIP   = "10.0.0.1"
	KubernetesServicePort = "443"
)

// NodeAPIServerFlags are the kube-apiserver flags of a cluster with a node: the
// ServiceAccount admission plugin (envtest disables it) mounts tokens into pods, and
// --enable-aggregator-routing makes the apiserver call webhook Services at their
// endpoints' pod IPs (no kube-proxy needed).
var NodeAPIServerFlags = map[string]string{
	"disable-admission-plugins": "",
	"enable-aggregator-routing": "true",
}

// AddAPIServerAddress adds KubernetesServiceIP to the loopback interface; remove takes
// it away again.
func AddAPIServerAddress() (remove func() error, err error) {
	addr := KubernetesServiceIP + "/32"
	if out, err := exec.Command("ip", "addr", "add", addr, "dev", "lo").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("ip addr add %s dev lo: %w: %s", addr, err, out)
	}
	return func() error {
		if out, err := exec.Command("ip", "addr", "del", addr, "dev", "lo").CombinedOutput(); err != nil {
			return fmt.Errorf("ip addr del %s dev lo: %w: %s", addr, err, out)
		}
		return nil
	}, nil
}
