package e2enode

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/test/nodestack"
	corev1 "k8s.io/api/core/v1"
)

// The node runs on this machine, so a test sees a container as the kernel does
// (nodestack's ContainerPID, ContainerFile): its process, its start time, its
// environment and its files — what the app itself reads, not what the API says.

// containerPID finds the main process of a running container (nodestack.ContainerPID).
func containerPID(t *testing.T, status corev1.ContainerStatus) int {
	t.Helper()
	pid, err := nodestack.ContainerPID(status)
	if err != nil {
		t.Fatal(err)
	}
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
	env, err := nodestack.ProcessEnv(pid)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// containerFile reads path as the container's process sees it.
func containerFile(t *testing.T, pid int, path string) string {
	t.Helper()
	data, err := nodestack.ContainerFile(pid, path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// status returns the named container's status (init or app).
func status(t *testing.T, pod *corev1.Pod, name string) corev1.ContainerStatus {
	t.Helper()
	cs, err := nodestack.Status(pod, name)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
