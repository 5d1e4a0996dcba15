package cluster

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// nodeWatchdog runs the teardown script if this process dies without stopping the node
// (a test timeout, a SIGKILL): containers, shims, mounts, the bridge, iptables, sysctls
// and cgroups are given back even then. A normal Stop ends it first.
type nodeWatchdog struct{ cmd *exec.Cmd }

func startNodeWatchdog(t *teardown) *nodeWatchdog {
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; sh %q", os.Getpid(), t.script)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if cmd.Start() != nil {
		return &nodeWatchdog{}
	}
	go func() { _ = cmd.Wait() }()
	return &nodeWatchdog{cmd: cmd}
}

func (w *nodeWatchdog) stop() {
	if w != nil && w.cmd != nil {
		_ = w.cmd.Process.Kill()
	}
}
