package cluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Preflight failures: what a machine must offer to run a node. Each is a precise
// message, never a skip.
const (
	ReasonNotRoot     = "the node needs root (kubelet and containerd mount, create cgroups and network namespaces)"
	ReasonNoCgroup    = "the node needs cgroup v1 hierarchies for cpu, cpuacct, cpuset, memory and pids under /sys/fs/cgroup"
	ReasonNoOverlay   = "containerd's overlayfs snapshotter needs the overlay filesystem (/proc/filesystems)"
	ReasonNoTool      = "a node tool is missing (build-node.sh installs the Debian packages)"
	ReasonNodeRunning = "another node is running on this machine"
	ReasonNoAptGet    = "node tools are missing and there is no apt-get to install them (Debian packages runc, containernetworking-plugins, iptables, conntrack, iproute2)"
)

// CgroupControllers are the cgroup v1 hierarchies the kubelet needs.
var CgroupControllers = []string{"cpu", "cpuacct", "cpuset", "memory", "pids"}

// NodeTools are the host binaries the node uses (runc, CNI plugins, iptables, ip).
var NodeTools = []string{"/usr/sbin/runc", CNIBinDir + "/bridge", CNIBinDir + "/host-local", CNIBinDir + "/loopback",
	"/usr/sbin/iptables-legacy", "/usr/sbin/ip6tables-legacy", "/usr/sbin/conntrack"}

// NodePreflight checks that this machine can run a node.
func NodePreflight() error {
	errs := []error{NodeHostPreflight()}
	for _, t := range NodeTools {
		if _, err := os.Stat(t); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ReasonNoTool, err))
		}
	}
	if _, err := exec.LookPath("ip"); err != nil {
		errs = append(errs, fmt.Errorf("%s: ip (iproute2): %w", ReasonNoTool, err))
	}
	return errors.Join(errs...)
}

// NodeToolsInstallable is nil when every node tool is there or apt-get can install the
// missing ones (build-node.sh does).
func NodeToolsInstallable() error {
	if _, err := exec.LookPath("apt-get"); err == nil {
		return nil
	}
	err := NodePreflight()
	if err != nil && NodeHostPreflight() == nil {
		return fmt.Errorf("%s:\n%w", ReasonNoAptGet, err)
	}
	return nil
}

// NodeHostPreflight checks what no build or package can add: root, the cgroup v1
// hierarchies and overlayfs.
func NodeHostPreflight() error {
	var errs []error
	if os.Geteuid() != 0 {
		errs = append(errs, errors.New(ReasonNotRoot))
	}
	for _, c := range CgroupControllers {
		if _, err := os.Stat(filepath.Join(cgroupMount, c, "cgroup.procs")); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", ReasonNoCgroup, c, err))
		}
	}
	if fs, err := os.ReadFile("/proc/filesystems"); err != nil || !strings.Contains(string(fs), "\toverlay\n") {
		errs = append(errs, errors.New(ReasonNoOverlay))
	}
	return errors.Join(errs...)
}
