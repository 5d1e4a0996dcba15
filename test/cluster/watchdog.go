package cluster

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// watchdog kills the control plane if this process dies without stopping it (a test
// timeout panics straight out of the binary; Ctrl-C on a go run). envtest starts etcd and
// kube-apiserver in their own process group and without a parent-death signal, so they
// would otherwise outlive us and keep eating the shared machine's CPU and ports.
//
// It is a tiny shell loop in its own session that polls our PID and, once we are gone,
// SIGKILLs the PIDs it was given. A normal Stop ends it after the processes are stopped.
type watchdog struct {
	cmd  *exec.Cmd
	pids []int
}

// startWatchdog adopts every live child of this process whose executable is in binDir
// (envtest's etcd and kube-apiserver). Failing to start it only costs the safety net, so
// it never fails the caller.
func startWatchdog(binDir string) *watchdog {
	w := &watchdog{pids: childrenIn(binDir)}
	w.restart()
	return w
}

// adopt adds pid (e.g. kube-controller-manager) to the processes to kill.
func (w *watchdog) adopt(pid int) {
	if w == nil {
		return
	}
	w.pids = append(w.pids, pid)
	w.restart()
}

// restart replaces the running watchdog by one that knows every adopted PID.
func (w *watchdog) restart() {
	w.stop()
	if len(w.pids) == 0 {
		return
	}
	pids := make([]string, len(w.pids))
	for i, p := range w.pids {
		pids[i] = strconv.Itoa(p)
	}
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; kill -9 %s 2>/dev/null",
		os.Getpid(), strings.Join(pids, " "))
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() == nil {
		w.cmd = cmd
		go func() { _ = cmd.Wait() }()
	}
}

// stop ends the watchdog (after a normal shutdown of the processes it guards).
func (w *watchdog) stop() {
	if w == nil || w.cmd == nil {
		return
	}
	_ = w.cmd.Process.Kill()
	w.cmd = nil
}

// childrenIn lists the PIDs of this process's children whose executable lives in dir.
func childrenIn(dir string) []int {
	dir, _ = filepath.EvalSymlinks(dir)
	self := strconv.Itoa(os.Getpid())
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil || parentOf(string(stat)) != self {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && filepath.Dir(exe) == dir {
			pids = append(pids, pid)
		}
	}
	return pids
}

// parentOf extracts the PPID from /proc/PID/stat ("pid (comm) state ppid ..."; comm may
// hold spaces and parentheses, so parse after the last ')').
func parentOf(stat string) string {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return ""
	}
	fields := strings.Fields(stat[i+1:])
	if len(fields) < 2 {
		return ""
	}
	return fields[1]
}
