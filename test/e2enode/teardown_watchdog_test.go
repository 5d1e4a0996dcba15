package e2enode

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// watchdogWindow bounds how long a crashed node's watchdog takes to give the machine
// back (it polls the dead process every second, then runs the teardown script).
const watchdogWindow = 90 * time.Second

// TestTeardownAfterCrash: the process that started a node (a child test binary) is
// SIGKILLed with a pod running — no Stop, no deferred cleanup. Its watchdog tears the
// node down and the machine is as it was: processes, mounts, bridge, iptables,
// sysctls, cgroups, paths (cluster.MachineState). The negative control kills the
// watchdog first: the machine then still differs (and the test runs the teardown
// script itself to give it back).
func TestTeardownAfterCrash(t *testing.T) {
	if err := stopSharedNode(); err != nil {
		t.Fatalf("the shared node's teardown: %v", err)
	}
	t.Run("the watchdog restores", func(t *testing.T) {
		before, script := crashNode(t, false)
		took, diff := waitRestored(before, watchdogWindow)
		logf("after the SIGKILL the watchdog gave the machine back in %s", nodestack.Round(took))
		if len(diff) > 0 {
			_ = exec.Command("sh", script).Run()
			t.Fatalf("%s after the crash the machine still differs:\n%s", watchdogWindow, strings.Join(diff, "\n"))
		}
	})
	t.Run("negative control: the watchdog killed too", func(t *testing.T) {
		before, script := crashNode(t, true)
		_, diff := waitRestored(before, 15*time.Second)
		if len(diff) == 0 {
			t.Errorf("without its watchdog the crashed node left nothing behind: the check cannot tell")
		}
		logf("negative control: without the watchdog %d differences remain (first: %s)", len(diff), first(diff))
		if out, err := exec.Command("sh", script).CombinedOutput(); err != nil {
			t.Fatalf("running the teardown by hand: %v: %s", err, out)
		}
		if _, diff := waitRestored(before, 10*time.Second); len(diff) > 0 {
			t.Fatalf("the teardown run by hand left:\n%s", strings.Join(diff, "\n"))
		}
	})
}

// crashNode starts a node in a child process, runs a pod on it and SIGKILLs the child
// (and, if asked, its watchdog first). It returns the machine's state before the node
// and the node's teardown script.
func crashNode(t *testing.T, killWatchdog bool) (*cluster.MachineState, string) {
	t.Helper()
	before, err := cluster.CaptureMachineState(env.AssetDir)
	if err != nil {
		t.Fatal(err)
	}
	child := startCrashChild(t)
	ns := newNamespace(t, "crash", nil)
	pod := runPod(t, ns, nodestack.AgnhostPod("pause", "pause"))
	t.Cleanup(func() { // no kubelet will confirm a graceful delete
		zero := int64(0)
		_ = env.Cluster.Client.CoreV1().Pods(ns).Delete(context.Background(), pod.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
	})
	script := filepath.Join(child.dir, "node", "machine", "teardown.sh")
	if killWatchdog {
		if n := killProcessesMentioning(script); n == 0 {
			t.Fatalf("no watchdog process mentions %s", script)
		}
	}
	if err := child.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.cmd.Wait()
	return before, script
}

type crashChildProcess struct {
	cmd *exec.Cmd
	dir string
}

// startCrashChild re-runs this test binary as a crash child and waits for its node.
func startCrashChild(t *testing.T) crashChildProcess {
	t.Helper()
	dir := filepath.Join(env.Dir, "crash-"+randomSuffix())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	users := map[string]string{}
	for _, u := range []string{cluster.KubeletUser, cluster.SchedulerUser} {
		cfg, err := env.Cluster.AddUser(u, "system:masters")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, strings.ReplaceAll(u, ":", "-")+".kubeconfig")
		if err := cluster.WriteKubeconfig(path, cfg); err != nil {
			t.Fatal(err)
		}
		users[u] = path
	}
	spec, err := json.Marshal(crashChild{Dir: filepath.Join(dir, "node"), AssetDir: env.AssetDir,
		Kubeconfig: env.Cluster.KubeconfigPath, Users: users, Images: env.Images.Tarballs()})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+string(spec))
	stderr, err := os.Create(filepath.Join(dir, "child.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == crashChildReady {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if ok {
			return crashChildProcess{cmd: cmd, dir: dir}
		}
	case <-time.After(5 * time.Minute):
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	log, _ := os.ReadFile(filepath.Join(dir, "child.log"))
	t.Fatalf("the crash child's node did not start:\n%s", log)
	return crashChildProcess{}
}

// waitRestored polls the machine until it is as before or timeout passes; it returns
// how long that took and the differences left.
func waitRestored(before *cluster.MachineState, timeout time.Duration) (time.Duration, []string) {
	begin := time.Now()
	var diff []string
	for time.Since(begin) < timeout {
		after, err := cluster.CaptureMachineState(env.AssetDir)
		if err != nil {
			diff = []string{err.Error()}
		} else if diff = before.Diff(after); len(diff) == 0 {
			return time.Since(begin), nil
		}
		time.Sleep(time.Second)
	}
	return time.Since(begin), diff
}

// killProcessesMentioning SIGKILLs every process whose command line contains s.
func killProcessesMentioning(s string) int {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	n := 0
	for _, p := range procs {
		cmdline, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(cmdline, []byte(s)) {
			continue
		}
		var pid int
		if _, err := fmt.Sscan(filepath.Base(filepath.Dir(p)), &pid); err == nil && pid != os.Getpid() {
			if syscall.Kill(pid, syscall.SIGKILL) == nil {
				n++
			}
		}
	}
	return n
}

func first(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}
