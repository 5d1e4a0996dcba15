package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// NodeOptions say how to start a node.
type NodeOptions struct {
	// Dir receives everything: containerd's root and state, the kubelet's root, logs.
	Dir string
	// AssetDir holds the node binaries (EnsureNodeBinaries).
	AssetDir string
	// Images are image tarballs imported before the kubelet starts; the sandbox image
	// (SandboxImage) must be among them.
	Images []string
	// SkipBridgeTeardown leaves the CNI bridge behind. Only the teardown test's negative
	// control sets it, to prove that Stop notices what a teardown forgets.
	SkipBridgeTeardown bool
}

// Node is a kubelet with containerd and kube-scheduler, registered with a Cluster.
type Node struct {
	Dir, AssetDir, ContainerdSocket string
	// Before is the machine's state before the node started; Stop gives it back.
	Before *MachineState
	// Timings of the start.
	Timings NodeTimings

	cluster                        *Cluster
	containerd, kubelet, scheduler *process
	teardown                       *teardown
	watchdog                       *nodeWatchdog
	lock                           *os.File
}

// NodeTimings are the durations of a node's start steps.
type NodeTimings struct {
	Containerd, Images, NodeReady, Total time.Duration
}

// nodeLockPath serialises nodes on a machine (one bridge, one cgroup root).
func nodeLockPath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "podpatterns", "node.lock")
}

// StartNode checks the machine, records its state, and starts containerd (importing the
// images), the kubelet (after the apiserver is ready: c is running) and kube-scheduler.
// It returns once the node is Ready. On error, whatever was started is stopped and the
// machine given back.
func StartNode(ctx context.Context, c *Cluster, o NodeOptions) (n *Node, err error) {
	begin := time.Now()
	if err := NodePreflight(); err != nil {
		return nil, fmt.Errorf("this machine cannot run a node:\n%w", err)
	}
	n = &Node{Dir: o.Dir, AssetDir: o.AssetDir, cluster: c}
	if err := n.takeLock(); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, n.Stop(ctx))
			n = nil
		}
	}()
	if n.Before, err = CaptureMachineState(o.AssetDir); err != nil {
		return n, err
	}
	machineDir := filepath.Join(o.Dir, "machine")
	if err = os.MkdirAll(machineDir, 0o755); err != nil {
		return n, err
	}
	if n.teardown, err = writeTeardown(machineDir, o.Dir, o.AssetDir, n.Before, o.SkipBridgeTeardown); err != nil {
		return n, err
	}
	n.watchdog = startNodeWatchdog(n.teardown)
	if err = n.prepareHost(); err != nil {
		return n, err
	}
	if err = n.startRuntime(ctx, o.Images); err != nil {
		return n, err
	}
	if err = waitAPIServerReady(ctx, c, time.Minute); err != nil {
		return n, err
	}
	step := time.Now()
	if n.kubelet, err = startKubelet(n); err != nil {
		return n, err
	}
	if err = n.waitNodeReady(ctx, 2*time.Minute); err != nil {
		return n, err
	}
	n.Timings.NodeReady = time.Since(step)
	if n.scheduler, err = startScheduler(n); err != nil {
		return n, err
	}
	n.Timings.Total = time.Since(begin)
	return n, nil
}

// startRuntime writes the CNI config, starts containerd and imports the images.
func (n *Node) startRuntime(ctx context.Context, images []string) (err error) {
	step := time.Now()
	cniConf, err := writeCNIConfig(filepath.Join(n.Dir, "cni"))
	if err != nil {
		return err
	}
	if n.containerd, err = startContainerd(ctx, n, cniConf); err != nil {
		return err
	}
	n.Timings.Containerd = time.Since(step)
	step = time.Now()
	for _, img := range images {
		if err := n.ImportImage(ctx, img); err != nil {
			return err
		}
	}
	n.Timings.Images = time.Since(step)
	return nil
}

// takeLock fails at once if another node runs on this machine.
func (n *Node) takeLock() error {
	path := nodeLockPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("%s (lock %s held): %w", ReasonNodeRunning, path, err)
	}
	n.lock = f
	return nil
}

// Stop deletes the pods (so the kubelet tears their sandboxes down), stops the
// scheduler, the kubelet and containerd, runs the teardown and compares the machine with
// its state before the start: every difference is an error.
func (n *Node) Stop(ctx context.Context) error {
	if n.lock == nil {
		return nil
	}
	var errs []error
	if n.scheduler != nil {
		errs = append(errs, n.scheduler.stop())
	}
	if n.kubelet != nil {
		n.drainPods(ctx, 30*time.Second)
		errs = append(errs, n.kubelet.stop())
	}
	if n.containerd != nil {
		errs = append(errs, n.containerd.stop())
	}
	n.watchdog.stop()
	if n.teardown != nil {
		errs = append(errs, n.teardown.run())
	}
	if n.Before != nil {
		after, err := CaptureMachineState(n.AssetDir)
		if err != nil {
			errs = append(errs, err)
		} else if d := n.Before.Diff(after); len(d) > 0 {
			errs = append(errs, fmt.Errorf("%s:\n%s", ReasonNotRestored, strings.Join(d, "\n")))
		}
	}
	n.lock.Close()
	n.lock = nil
	return errors.Join(errs...)
}

// ReasonNotRestored: the teardown left the machine different from how it found it.
const ReasonNotRestored = "the machine is not as the node found it"
