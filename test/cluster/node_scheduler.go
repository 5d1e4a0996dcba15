package cluster

import (
	"os"
	"path/filepath"
)

// startScheduler runs kube-scheduler: no serving port, no leader election.
func startScheduler(n *Node) (*process, error) {
	kubeconfig, err := n.userKubeconfig(SchedulerUser, "kube-scheduler.kubeconfig")
	if err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(n.Dir, "kube-scheduler.log"))
	if err != nil {
		return nil, err
	}
	args := []string{"--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig,
		"--authorization-kubeconfig=" + kubeconfig, "--leader-elect=false", "--secure-port=0"}
	return startProcess(BinaryScheduler, filepath.Join(n.AssetDir, BinaryScheduler), args, out)
}
