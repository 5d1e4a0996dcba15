package e2enode

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// setupTimeout covers a first run that builds the control plane and the node.
const setupTimeout = 50 * time.Minute

// env is what every test shares: the control plane, the node binaries, the images.
var env struct {
	Dir, AssetDir string
	Cluster       *cluster.Cluster
	Images        nodestack.Images

	stack *nodestack.Stack

	nodeMu sync.Mutex
	node   *cluster.Node
}

func TestMain(m *testing.M) {
	if spec := os.Getenv(crashChildEnv); spec != "" {
		os.Exit(runCrashChild(spec))
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	flag.Parse()
	dir, err := os.MkdirTemp("", "podpatterns-e2enode-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2enode:", err)
		return 1
	}
	env.Dir = dir
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	err = setUp(ctx)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2enode: setting up failed (files in %s):\n%v\n", dir, err)
		tearDown()
		return 1
	}
	code := m.Run()
	if err := tearDown(); err != nil {
		fmt.Fprintln(os.Stderr, "e2enode: teardown:", err)
		code = 1
	}
	if code == 0 {
		os.RemoveAll(dir)
	} else {
		fmt.Fprintf(os.Stderr, "e2enode: failed; logs are in %s\n", dir)
	}
	return code
}

// setUp builds what is missing, the images, and starts the control plane a node can
// join (nodestack.Start).
func setUp(ctx context.Context) error {
	s, err := nodestack.Start(ctx, env.Dir, os.Stderr, logf)
	env.stack = s
	env.AssetDir, env.Cluster, env.Images = s.AssetDir, s.Cluster, s.Images
	return err
}

// tearDown stops the node (which compares the machine with how it found it) and the
// control plane.
func tearDown() error {
	var errs []error
	if err := stopSharedNode(); err != nil {
		errs = append(errs, err)
	}
	if env.stack != nil {
		if err := env.stack.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%v", errs)
	}
	return nil
}

// needNode starts the shared node on first use (again after TestTeardown stopped it).
func needNode(t *testing.T) *cluster.Node {
	t.Helper()
	env.nodeMu.Lock()
	defer env.nodeMu.Unlock()
	if env.node == nil {
		n, err := startNode(ctxFor(t, 5*time.Minute), filepath.Join(env.Dir, "node-"+randomSuffix()), false)
		if err != nil {
			t.Fatalf("starting the node: %v", err)
		}
		env.node = n
	}
	return env.node
}

// stopSharedNode stops the shared node if it runs; the next needNode starts another.
func stopSharedNode() error {
	env.nodeMu.Lock()
	defer env.nodeMu.Unlock()
	if env.node == nil {
		return nil
	}
	err := env.node.Stop(context.Background())
	env.node = nil
	return err
}

// startNode starts a node with the suite's images.
func startNode(ctx context.Context, dir string, skipBridgeTeardown bool) (*cluster.Node, error) {
	return env.stack.StartNode(ctx, dir, skipBridgeTeardown)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "e2enode: "+format+"\n", args...)
}
