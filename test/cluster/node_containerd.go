package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// SandboxImage is the pod sandbox image, pinned in containerd's config and imported
// before the kubelet starts, so nothing is ever pulled.
const SandboxImage = "podpatterns.test/pause:1"

// containerdPlugins disabled: /opt/containerd (opt), the NRI socket under /var/run/nri,
// and snapshotters the node does not use.
var containerdDisabled = []string{"io.containerd.internal.v1.opt", "io.containerd.nri.v1.nri",
	"io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"}

// containerdConfig is containerd 2's config (version 3) for a CRI node on these VMs:
//   - restrict_oom_score_adj: without CAP_SYS_RESOURCE, lowering a container's OOM score
//     fails every sandbox ("can't get final child's PID from pipe");
//   - SystemdCgroup = false: cgroupfs, like the kubelet (a cgroup v1 host without systemd);
//   - every path (root, state, socket, runc state, netns mounts) under dir.
func containerdConfig(dir, cniConfDir string) string {
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	disabled := ""
	for i, p := range containerdDisabled {
		if i > 0 {
			disabled += ", "
		}
		disabled += q(p)
	}
	return `version = 3
root = ` + q(filepath.Join(dir, "root")) + `
state = ` + q(filepath.Join(dir, "state")) + `
disabled_plugins = [` + disabled + `]

[grpc]
  address = ` + q(containerdSocket(dir)) + `

[ttrpc]
  address = ` + q(containerdSocket(dir)+".ttrpc") + `

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = ` + q(SandboxImage) + `

[plugins.'io.containerd.cri.v1.runtime']
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "/usr/sbin/runc"
        Root = ` + q(filepath.Join(dir, "runc")) + `
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = [` + q(CNIBinDir) + `]
    conf_dir = ` + q(cniConfDir) + `
`
}

func containerdSocket(dir string) string { return filepath.Join(dir, "containerd.sock") }

// startContainerd writes the config and runs containerd until its socket answers.
func startContainerd(ctx context.Context, n *Node, cniConfDir string) (*process, error) {
	dir := filepath.Join(n.Dir, "containerd")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	config := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(config, []byte(containerdConfig(dir, cniConfDir)), 0o644); err != nil {
		return nil, err
	}
	out, err := os.Create(filepath.Join(n.Dir, "containerd.log"))
	if err != nil {
		return nil, err
	}
	p, err := startProcess(BinaryContainerd, filepath.Join(n.AssetDir, BinaryContainerd), []string{"--config", config}, out, "PATH="+n.path())
	if err != nil {
		return nil, err
	}
	n.ContainerdSocket = containerdSocket(dir)
	deadline := time.Now().Add(time.Minute)
	for {
		if exited, err := p.exited(); exited {
			return nil, fmt.Errorf("containerd exited (%v); see %s", err, out.Name())
		}
		if exec.CommandContext(ctx, filepath.Join(n.AssetDir, BinaryCtr), "--address", n.ContainerdSocket, "version").Run() == nil {
			return p, nil
		}
		if time.Now().After(deadline) {
			_ = p.stop()
			return nil, fmt.Errorf("containerd's socket %s did not answer within a minute; see %s", n.ContainerdSocket, out.Name())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ImportImage imports an image tarball (OCI layout or docker archive) into the k8s.io
// namespace, where the kubelet's CRI finds it.
func (n *Node) ImportImage(ctx context.Context, tarball string) error {
	out, err := exec.CommandContext(ctx, filepath.Join(n.AssetDir, BinaryCtr), "--address", n.ContainerdSocket,
		"-n", "k8s.io", "images", "import", tarball).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ctr images import %s: %w: %s", tarball, err, out)
	}
	return nil
}
