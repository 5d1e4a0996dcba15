package e2enode

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestTeardown: stopping a node that ran a pod gives the machine back as it found it —
// no process, mount, network interface, iptables rule, sysctl or path of the node is
// left (cluster.MachineState). The negative control runs a node whose teardown forgets
// the CNI bridge, and Stop must say so.
func TestTeardown(t *testing.T) {
	// The shared node, if a test started it, is stopped first: its Stop is a check too.
	if err := stopSharedNode(); err != nil {
		t.Fatalf("the shared node's teardown: %v", err)
	}
	t.Run("restores", func(t *testing.T) {
		n := startNodeRunningPod(t, false)
		if err := n.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("negative control: a teardown that forgets the bridge", func(t *testing.T) {
		n := startNodeRunningPod(t, true)
		err := n.Stop(context.Background())
		_ = exec.Command("ip", "link", "del", cluster.CNIBridge).Run()
		if err == nil || !strings.Contains(err.Error(), cluster.ReasonNotRestored) ||
			!strings.Contains(err.Error(), "network interface added: "+cluster.CNIBridge) {
			t.Fatalf("Stop = %v; want %q naming the bridge %s", err, cluster.ReasonNotRestored, cluster.CNIBridge)
		}
		after, err := cluster.CaptureMachineState(env.AssetDir)
		if err != nil {
			t.Fatal(err)
		}
		if d := n.Before.Diff(after); len(d) > 0 {
			t.Fatalf("after deleting the bridge by hand the machine still differs:\n%s", strings.Join(d, "\n"))
		}
	})
}

// startNodeRunningPod starts a node of its own and runs a pod on it, so the teardown has
// a bridge, a veth, a network namespace, volume mounts and pod cgroups to undo.
func startNodeRunningPod(t *testing.T, skipBridgeTeardown bool) *cluster.Node {
	t.Helper()
	n, err := startNode(ctxFor(t, 5*time.Minute), filepath.Join(env.Dir, "teardown-"+randomSuffix()), skipBridgeTeardown)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = n.Stop(context.Background()) }) // a no-op after the test's own Stop
	ns := newNamespace(t, "teardown", nil)
	runPod(t, ns, nodestack.AgnhostPod("pause", "pause"))
	return n
}
