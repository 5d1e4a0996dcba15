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
)

// CgroupControllers are the cgroup v1 hierarchies the kubelet needs.
var CgroupControllers = []string{"cpu", "cpuacct", "cpuset", "memory", "pids"}

// NodeTools are the host binaries the node uses (runc, CNI plugins, iptables, ip).
var NodeTools = []string{"/usr/sbin/runc", CNIBinDir + "/bridge", CNIBinDir + "/host-local", CNIBinDir + "/loopback",
	"/usr/sbin/iptables-legacy", "/usr/sbin/ip6tables-legacy", "/usr/sbin/conntrack"}

// NodePreflight checks that this machine can run a node.
func NodePreflight() error {
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
