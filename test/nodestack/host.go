package nodestack

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// The node runs on this machine, so a container is seen as the kernel sees it: its
// process (found through the pod's cgroup) and its files through /proc/PID/root — what
// the app itself reads, not what the API says.

// ContainerPID finds the main process of a running container (its cgroup, in the pids
// hierarchy under the node's cgroup root, is named after the container ID).
func ContainerPID(status corev1.ContainerStatus) (int, error) {
	id := strings.TrimPrefix(status.ContainerID, "containerd://")
	if id == "" {
		return 0, fmt.Errorf("container %s has no ID yet", status.Name)
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
		return 0, fmt.Errorf("no process in the cgroup of container %s (%s)", status.Name, id)
	}
	return strconv.Atoi(pids[0])
}

// ContainerFile reads path as the container's process sees it.
func ContainerFile(pid int, path string) (string, error) {
	data, err := os.ReadFile(filepath.Join(fmt.Sprintf("/proc/%d/root", pid), path))
	if err != nil {
		return "", fmt.Errorf("reading %s in the container: %w", path, err)
	}
	return string(data), nil
}

// ProcessEnv is the environment of process pid, as the kernel holds it.
func ProcessEnv(pid int) (map[string]string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, kv := range strings.Split(string(data), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	return env, nil
}

// Status returns the named container's status (init or app).
func Status(pod *corev1.Pod, name string) (corev1.ContainerStatus, error) {
	for _, cs := range append(append([]corev1.ContainerStatus{}, pod.Status.InitContainerStatuses...), pod.Status.ContainerStatuses...) {
		if cs.Name == name {
			return cs, nil
		}
	}
	return corev1.ContainerStatus{}, fmt.Errorf("pod %s has no container status %q: %s", pod.Name, name, Describe(pod))
}
