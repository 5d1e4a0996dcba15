package cluster

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// MachineState is what running a node changes on the host, captured before the node
// starts and compared after it stops: the teardown must give all of it back.
type MachineState struct {
	// Sysctls maps each of NodeSysctls to its value ("" when the key does not exist).
	Sysctls map[string]string
	// Links are the network interfaces (the CNI bridge, veth pairs).
	Links []string
	// Mounts are the mount points (kubelet's tmpfs volumes, overlay rootfs, netns).
	Mounts []string
	// Iptables maps "iptables/TABLE" and "ip6tables/TABLE" to the rules (-S) of the
	// legacy backend, the one the node uses.
	Iptables map[string]string
	// Paths maps each of NodePaths (and the node's cgroup root in each hierarchy) to
	// whether it exists.
	Paths map[string]bool
	// Processes are the processes running a binary of the node asset directory.
	Processes []string
}

// NodeSysctls are the kernel settings a node changes: IP forwarding (set for the pods),
// and what the kubelet sets at start (protectKernelDefaults off).
var NodeSysctls = []string{"net.ipv4.ip_forward", "vm.overcommit_memory", "kernel.panic", "kernel.panic_on_oops"}

// NodePaths are host paths a node's components may create outside the work dir.
var NodePaths = []string{"/run/containerd", "/run/netns", "/var/run/netns", "/var/lib/cni", "/var/lib/kubelet",
	"/var/log/pods", "/var/log/containers", "/etc/cni", "/opt/cni", "/var/lib/containerd", "/etc/kubernetes", "/run/kubernetes"}

// IptablesTables are the tables compared and restored, for IPv4 and IPv6.
var IptablesTables = []string{"filter", "nat", "mangle", "raw"}

// cgroupMount is where the cgroup v1 hierarchies are mounted.
const cgroupMount = "/sys/fs/cgroup"

// CaptureMachineState reads the state; assetDir locates the node's binaries.
func CaptureMachineState(assetDir string) (*MachineState, error) {
	s := &MachineState{Sysctls: map[string]string{}, Iptables: map[string]string{}, Paths: map[string]bool{}}
	for _, k := range NodeSysctls {
		v, _ := os.ReadFile(sysctlPath(k))
		s.Sysctls[k] = strings.TrimSpace(string(v))
	}
	var err error
	if s.Links, err = linkNames(); err != nil {
		return nil, err
	}
	if s.Mounts, err = mountPoints(); err != nil {
		return nil, err
	}
	for _, cmd := range []string{"iptables", "ip6tables"} {
		for _, t := range IptablesTables {
			out, err := exec.Command(cmd+"-legacy", "-w", "-t", t, "-S").CombinedOutput()
			if err != nil {
				return nil, fmt.Errorf("%s-legacy -t %s -S: %w: %s", cmd, t, err, out)
			}
			s.Iptables[cmd+"/"+t] = string(out)
		}
	}
	for _, p := range append(slices.Clone(NodePaths), nodeCgroupDirs()...) {
		_, err := os.Lstat(p)
		s.Paths[p] = err == nil
	}
	s.Processes = processesIn(assetDir)
	return s, nil
}

func sysctlPath(key string) string {
	return filepath.Join("/proc/sys", strings.ReplaceAll(key, ".", "/"))
}

// Diff lists every difference between s (before) and after, one line each.
func (s *MachineState) Diff(after *MachineState) []string {
	var d []string
	for _, k := range slices.Sorted(maps.Keys(s.Sysctls)) {
		if s.Sysctls[k] != after.Sysctls[k] {
			d = append(d, fmt.Sprintf("sysctl %s: %q before, %q after", k, s.Sysctls[k], after.Sysctls[k]))
		}
	}
	d = append(d, setDiff("network interface", s.Links, after.Links)...)
	d = append(d, setDiff("mount", s.Mounts, after.Mounts)...)
	for _, k := range slices.Sorted(maps.Keys(s.Iptables)) {
		d = append(d, setDiff(k+" rule", strings.Split(s.Iptables[k], "\n"), strings.Split(after.Iptables[k], "\n"))...)
	}
	for _, p := range slices.Sorted(maps.Keys(s.Paths)) {
		if s.Paths[p] != after.Paths[p] {
			d = append(d, fmt.Sprintf("path %s: exists %v before, %v after", p, s.Paths[p], after.Paths[p]))
		}
	}
	return append(d, setDiff("process", s.Processes, after.Processes)...)
}

// setDiff reports what was added to and removed from a set of strings.
func setDiff(what string, before, after []string) []string {
	var d []string
	for _, a := range after {
		if !slices.Contains(before, a) {
			d = append(d, fmt.Sprintf("%s added: %s", what, a))
		}
	}
	for _, b := range before {
		if !slices.Contains(after, b) {
			d = append(d, fmt.Sprintf("%s removed: %s", what, b))
		}
	}
	return d
}
