package cluster

import (
	"context"
	"io"
)

// NodeBuildScript builds (or finds cached) what a node needs besides the control plane:
// kubelet, kube-scheduler, agnhost, containerd, and the Debian packages runc,
// containernetworking-plugins, iptables and conntrack.
const NodeBuildScript = "test/tools/build-node.sh"

// Node binary names in the node asset directory.
const (
	BinaryKubelet    = "kubelet"
	BinaryScheduler  = "kube-scheduler"
	BinaryAgnhost    = "agnhost"
	BinaryContainerd = "containerd"
	BinaryCtr        = "ctr"
	BinaryShim       = "containerd-shim-runc-v2"
)

// EnsureNodeBinaries runs NodeBuildScript and returns the node asset directory. The first
// run builds for 15-30 minutes on 2 shared cores; afterwards it takes a second.
func EnsureNodeBinaries(ctx context.Context, progress io.Writer) (string, error) {
	return RunBuildScript(ctx, NodeBuildScript, progress,
		BinaryKubelet, BinaryScheduler, BinaryAgnhost, BinaryContainerd, BinaryCtr, BinaryShim)
}
