package e2enode

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// The node runs on this machine, so a test sees a container as the kernel does: its
// process (found through the pod's cgroup), its start time, its environment and its
// files through /proc/PID/root — what the app itself reads, not what the API says.

// containerPID finds the main process of a running container (its cgroup, in the pids
// hierarchy under the node's cgroup root, is named after the container ID).
func containerPID(t *testing.T, status corev1.ContainerStatus) int {
	t.Helper()
	id := strings.TrimPrefix(status.ContainerID, "containerd://")
	if id == "" {
		t.Fatalf("container %s has no ID yet", status.Name)
	}
	root := filepath.Join("/sys/fs/cgroup/pids", cluster.NodeCgroupRoot)
	var procs string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == id {
			data, _ := os.ReadFile(filepath.Join(path, "cgroup.procs"))
			procs = string(data)
			return filepath.SkipAll
		}
		return nil
	})
	pids := strings.Fields(procs)
	if len(pids) == 0 {
		t.Fatalf("no process in the cgroup of container %s (%s)", status.Name, id)
	}
	pid, _ := strconv.Atoi(pids[0])
	return pid
}

// processStart is the process's start time in clock ticks since boot (/proc/PID/stat
// field 22): ordering two containers' starts to 10 ms, finer than the API's seconds.
func processStart(t *testing.T, pid int) uint64 {
	t.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	start, err := strconv.ParseUint(fields[19], 10, 64) // field 22 overall
	if err != nil {
		t.Fatal(err)
	}
	return start
}

// processEnv is the environment the container's process runs with.
func processEnv(t *testing.T, pid int) map[string]string {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, kv := range strings.Split(string(data), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env
}

// containerFile reads path as the container's process sees it.
func containerFile(t *testing.T, pid int, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fmt.Sprintf("/proc/%d/root", pid), path))
	if err != nil {
		t.Fatalf("reading %s in the container: %v", path, err)
	}
	return string(data)
}

// status returns the named container's status (init or app).
func status(t *testing.T, pod *corev1.Pod, name string) corev1.ContainerStatus {
	t.Helper()
	for _, cs := range append(append([]corev1.ContainerStatus{}, pod.Status.InitContainerStatuses...), pod.Status.ContainerStatuses...) {
		if cs.Name == name {
			return cs
		}
	}
	t.Fatalf("pod %s has no container status %q: %s", pod.Name, name, describe(pod))
	return corev1.ContainerStatus{}
}
