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
)

// setupTimeout covers a first run that builds the control plane and the node.
const setupTimeout = 50 * time.Minute

// env is what every test shares: the control plane, the node binaries, the images.
var env struct {
	Dir, AssetDir string
	Cluster       *cluster.Cluster
	Images        Images

	removeAPIServerAddress func() error

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

// setUp builds what is missing, the images, and starts the control plane with what a
// node needs from it: the apiserver at the kubernetes Service's address
// (cluster.AddAPIServerAddress), cluster.NodeAPIServerFlags, and the EndpointSlice,
// root-CA and PDB controllers.
func setUp(ctx context.Context) error {
	begin := time.Now()
	if err := cluster.NodePreflight(); err != nil {
		return fmt.Errorf("this machine cannot run a node:\n%w", err)
	}
	binDir, err := cluster.EnsureBinaries(ctx, os.Stderr)
	if err != nil {
		return err
	}
	if env.AssetDir, err = cluster.EnsureNodeBinaries(ctx, os.Stderr); err != nil {
		return err
	}
	logf("binaries ready in %s", since(begin))
	step := time.Now()
	if env.Images, err = buildImages(ctx, env.Dir, env.AssetDir); err != nil {
		return err
	}
	logf("images built in %s", since(step))
	if env.removeAPIServerAddress, err = cluster.AddAPIServerAddress(); err != nil {
		return err
	}
	env.Cluster, err = cluster.Start(cluster.Options{
		BinaryDir: binDir, Dir: filepath.Join(env.Dir, "control-plane"), ControllerManager: true,
		APIServerAddress: cluster.KubernetesServiceIP, APIServerPort: cluster.KubernetesServicePort,
		APIServerFlags: cluster.NodeAPIServerFlags, ExtraControllers: NodeControllers,
	})
	if err != nil {
		return err
	}
	logf("control plane ready in %s", round(env.Cluster.StartupTime))
	return nil
}

// NodeControllers are the kube-controller-manager controllers a node's workloads need
// besides cluster.Controllers: Services' EndpointSlices (and Endpoints), the
// kube-root-ca.crt ConfigMap every service account token volume mounts, PDB status,
// namespace deletion, the garbage collection of pods of a deleted node, and the node
// lifecycle (it lifts the not-ready taint the kubelet registers with).
var NodeControllers = []string{"node-lifecycle-controller", "endpointslice-controller", "endpoints-controller", "root-ca-certificate-publisher-controller",
	"disruption-controller", "namespace-controller", "pod-garbage-collector-controller"}

// tearDown stops the node (which compares the machine with how it found it) and the
// control plane.
func tearDown() error {
	var errs []error
	if err := stopSharedNode(); err != nil {
		errs = append(errs, err)
	}
	if env.Cluster != nil {
		if err := env.Cluster.Stop(); err != nil {
			errs = append(errs, err)
		}
	}
	if env.removeAPIServerAddress != nil {
		if err := env.removeAPIServerAddress(); err != nil {
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
	n, err := cluster.StartNode(ctx, env.Cluster, cluster.NodeOptions{
		Dir: dir, AssetDir: env.AssetDir, Images: env.Images.Tarballs(), SkipBridgeTeardown: skipBridgeTeardown,
	})
	if err != nil {
		return nil, err
	}
	t := n.Timings
	logf("node Ready in %s: containerd %s, images imported %s, kubelet start to Ready %s",
		round(t.Total), round(t.Containerd), round(t.Images), round(t.NodeReady))
	return n, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "e2enode: "+format+"\n", args...)
}

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

func since(t time.Time) time.Duration { return round(time.Since(t)) }
