package cluster

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// NodeCgroupRoot is the kubelet's cgroupRoot: every pod's cgroup lives below it in each
// hierarchy, so the teardown finds (and removes) all of them in one place.
const NodeCgroupRoot = "/podpatterns-node"

// nodeCgroupDirs is NodeCgroupRoot in every mounted cgroup v1 hierarchy.
func nodeCgroupDirs() []string {
	entries, _ := os.ReadDir(cgroupMount)
	var dirs []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(cgroupMount, e.Name(), "cgroup.procs")); err == nil {
			dirs = append(dirs, filepath.Join(cgroupMount, e.Name(), NodeCgroupRoot))
		}
	}
	return dirs
}

// linkNames lists the network interfaces by name.
func linkNames() ([]string, error) {
	out, err := exec.Command("ip", "-o", "link", "show").Output()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) > 1 {
			names = append(names, strings.SplitN(strings.TrimSuffix(f[1], ":"), "@", 2)[0])
		}
	}
	return names, nil
}

// mountPoints lists the mount points of this mount namespace.
func mountPoints() ([]string, error) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	var mounts []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if f := strings.Fields(line); len(f) > 4 {
			mounts = append(mounts, f[4])
		}
	}
	return mounts, nil
}

// processesIn lists "PID EXE" of the processes whose executable is in dir.
func processesIn(dir string) []string {
	if dir == "" {
		return nil
	}
	dir, _ = filepath.EvalSymlinks(dir)
	entries, _ := os.ReadDir("/proc")
	var procs []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && filepath.Dir(exe) == dir {
			procs = append(procs, e.Name()+" "+exe)
		}
	}
	return procs
}
