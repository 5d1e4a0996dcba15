package cluster

import (
	"os"
	"path/filepath"
)

// prepareHost makes the changes the node needs before it starts; the teardown reverts
// each: IP forwarding on, the cgroup root in every hierarchy, and a bin dir that makes
// `iptables` the legacy backend for the kubelet and the CNI plugins (the teardown
// restores the legacy tables exactly; nothing else on these machines uses them).
func (n *Node) prepareHost() error {
	if err := os.WriteFile(sysctlPath("net.ipv4.ip_forward"), []byte("1"), 0o644); err != nil {
		return err
	}
	for _, dir := range nodeCgroupDirs() {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if filepath.Base(filepath.Dir(dir)) == "cpuset" {
			// a new cpuset cgroup starts with no CPUs and no memory nodes: inherit them
			for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
				v, err := os.ReadFile(filepath.Join(filepath.Dir(dir), f))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, f), v, 0o644); err != nil {
					return err
				}
			}
		}
	}
	bin := filepath.Join(n.Dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	for _, cmd := range []string{"iptables", "ip6tables"} {
		for _, suffix := range []string{"", "-save", "-restore"} {
			legacy := "/usr/sbin/" + cmd + "-legacy" + suffix
			if err := os.Symlink(legacy, filepath.Join(bin, cmd+suffix)); err != nil && !os.IsExist(err) {
				return err
			}
		}
	}
	return nil
}

// path is the PATH of containerd and the kubelet: the legacy iptables shims, the node
// binaries (containerd finds its shim there), the system.
func (n *Node) path() string {
	return filepath.Join(n.Dir, "bin") + ":" + n.AssetDir + ":/usr/sbin:/usr/bin:/sbin:/bin"
}
