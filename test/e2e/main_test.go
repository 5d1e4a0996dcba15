package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// ReleaseNamespace is where the chart would install the server; the webhooks exclude it.
const ReleaseNamespace = "podpatterns-system"

// setupTimeout covers a first run that builds every control-plane binary.
const setupTimeout = 40 * time.Minute

// suite is the shared environment of every test in the package.
var suite *Suite

// Suite is the local stack every test shares.
type Suite struct {
	*cluster.Stack
	// Client is an admin clientset.
	Client kubernetes.Interface
	// DefaultConfig is the server's config at start (examples/config.yaml); sequential
	// tests that change the config restore it when they are done.
	DefaultConfig []byte
	// Dir holds everything the suite writes (kept when a test fails).
	Dir string
}

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	flag.Parse()
	if err := checkTimeout(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "podpatterns-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	suite, err = setUp(ctx, dir)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: setting up the suite failed (files in %s):\n%v\n", dir, err)
		return 1
	}
	code := m.Run()
	if err := suite.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: teardown:", err)
	}
	if code == 0 {
		os.RemoveAll(dir)
	} else {
		fmt.Fprintf(os.Stderr, "e2e: failed; control plane, server and audit logs are in %s\n", dir)
	}
	return code
}

// minFirstRunTimeout is the go test -timeout a run that must build the control plane
// needs; go test's default of 10 minutes would kill it half way.
const minFirstRunTimeout = 30 * time.Minute

// checkTimeout fails fast, saying what to do, when the binaries still have to be built
// and go test's -timeout is too short for that: `make e2e` builds them before go test
// starts, and `go test -timeout 45m` leaves room to build them in TestMain.
func checkTimeout() error {
	f := flag.Lookup("test.timeout")
	if f == nil {
		return nil
	}
	timeout, err := time.ParseDuration(f.Value.String())
	if err != nil || timeout == 0 || timeout >= minFirstRunTimeout {
		return nil
	}
	cached, err := cluster.BinariesCached(context.Background())
	if err != nil || cached {
		return err
	}
	return fmt.Errorf("the control-plane binaries are not built yet and take ~15 minutes, longer than -timeout %s: "+
		"run `make e2e` (it builds them first), or `bash %s`, or go test -timeout 45m", timeout, cluster.BuildScript)
}

// setUp starts the stack with examples/config.yaml and the golden files' render image,
// so golden pods compare as they are. Each step's duration is printed (go test -v).
func setUp(ctx context.Context, dir string) (*Suite, error) {
	root, err := cluster.RepoRoot()
	if err != nil {
		return nil, err
	}
	config, err := os.ReadFile(filepath.Join(root, mutatorstest.DefaultConfig))
	if err != nil {
		return nil, err
	}
	stack, err := cluster.StartStack(ctx, cluster.StackOptions{
		Dir: dir, Config: config, ReleaseNamespace: ReleaseNamespace, ExcludeNamespaces: []string{selfManagedPodNamespace},
		SelfImage: mutatorstest.RenderImage, ServerArgs: []string{"--log-level=debug"}, Progress: os.Stderr,
	})
	if err != nil {
		return nil, err
	}
	t := stack.Timings
	logf("ready in %s: binaries found/built %s, etcd+kube-apiserver %s, podpatterns built %s (in parallel), server ready %s, webhooks live %s",
		round(t.Total), round(t.Binaries), round(t.ControlPlane), round(t.ServerBuild), round(t.ServerReady), round(t.WebhooksLive))
	return &Suite{Stack: stack, Client: stack.Cluster.Client, DefaultConfig: config, Dir: dir}, nil
}

// podInNamespace is a minimal pod for tests that need any pod at all.
func podInNamespace(name string, annotations map[string]string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: annotations},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "app", Image: "registry.example.com/app:1.0",
		}}},
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "e2e: "+format+"\n", args...)
}

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

func since(t time.Time) time.Duration { return round(time.Since(t)) }
