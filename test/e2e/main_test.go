package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/validators"
)

// ReleaseNamespace is where the chart would install the server; the webhooks exclude it.
const ReleaseNamespace = "podpatterns-system"

// setupTimeout covers a first run that builds every control-plane binary.
const setupTimeout = 40 * time.Minute

// suite is the shared environment of every test in the package.
var suite *Suite

// Suite is the control plane, the server and the webhook registration the tests share.
type Suite struct {
	Cluster *cluster.Cluster
	Client  kubernetes.Interface
	Server  *cluster.Server
	// Webhooks is how the configurations are currently installed.
	Webhooks cluster.WebhookOptions
	// Cert is the server's serving certificate; its CA is the caBundle.
	Cert *cluster.ServingCert
	// ConfigPath is the server's --config; DefaultConfig its content at start
	// (examples/config.yaml), which sequential tests restore when they are done.
	ConfigPath    string
	DefaultConfig []byte
	// Dir holds everything the suite writes (kept when a test fails).
	Dir string
	// Binary is the podpatterns binary the server runs; tests also run its offline CLI.
	Binary string

	serverOpts cluster.ServerOptions
}

func TestMain(m *testing.M) {
	os.Exit(runSuite(m))
}

func runSuite(m *testing.M) int {
	dir, err := os.MkdirTemp("", "podpatterns-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	s, err := setUp(ctx, dir)
	cancel()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: setting up the suite failed (files in %s):\n%v\n", dir, err)
		if s != nil {
			s.tearDown()
		}
		return 1
	}
	suite = s
	code := m.Run()
	s.tearDown()
	if code == 0 {
		os.RemoveAll(dir)
	} else {
		fmt.Fprintf(os.Stderr, "e2e: failed; control plane, server and audit logs are in %s\n", dir)
	}
	return code
}

// setUp builds what is missing, starts the control plane and the server, and installs
// the webhooks. Each step's duration is printed (go test -v shows it).
func setUp(ctx context.Context, dir string) (*Suite, error) {
	s := &Suite{Dir: dir}
	begin := time.Now()
	binDir, err := cluster.EnsureBinaries(ctx, os.Stderr)
	if err != nil {
		return nil, err
	}
	logf("control-plane binaries ready in %s (%s)", since(begin), binDir)

	// The server binary compiles while etcd and kube-apiserver start.
	type built struct {
		path string
		err  error
	}
	buildc := make(chan built, 1)
	go func() {
		start := time.Now()
		path, err := cluster.BuildServer(ctx, dir)
		logf("podpatterns binary built in %s", since(start))
		buildc <- built{path, err}
	}()
	s.Cluster, err = cluster.Start(cluster.Options{BinaryDir: binDir, Dir: filepath.Join(dir, "control-plane"), Audit: true, ControllerManager: true})
	b := <-buildc
	if err != nil {
		return nil, err
	}
	logf("etcd + kube-apiserver healthy in %s, kube-controller-manager started", s.Cluster.StartupTime.Round(time.Millisecond))
	if b.err != nil {
		return s, b.err
	}
	s.Client = s.Cluster.Client
	if err := s.startServer(ctx, b.path); err != nil {
		return s, err
	}
	if err := s.installWebhooks(ctx); err != nil {
		return s, err
	}
	logf("suite ready in %s", since(begin))
	return s, nil
}

// startServer writes the certificate and config and runs `podpatterns serve` against the
// control plane, with the golden files' render image so golden pods compare as they are.
func (s *Suite) startServer(ctx context.Context, binary string) error {
	s.Binary = binary
	cert, err := cluster.NewServingCert("127.0.0.1")
	if err != nil {
		return err
	}
	certDir := filepath.Join(s.Dir, "certs")
	if err := cert.WriteDir(certDir); err != nil {
		return err
	}
	s.Cert = cert
	root, err := cluster.RepoRoot()
	if err != nil {
		return err
	}
	s.DefaultConfig, err = os.ReadFile(filepath.Join(root, mutatorstest.DefaultConfig))
	if err != nil {
		return err
	}
	configDir := filepath.Join(s.Dir, "config")
	if err := os.MkdirAll(configDir, 0o755); err != nil {
		return err
	}
	s.ConfigPath = filepath.Join(configDir, "config.yaml")
	if err := os.WriteFile(s.ConfigPath, s.DefaultConfig, 0o644); err != nil {
		return err
	}
	serverLog, err := os.Create(filepath.Join(s.Dir, "podpatterns.log"))
	if err != nil {
		return err
	}
	s.serverOpts = cluster.ServerOptions{
		Binary: binary, ConfigPath: s.ConfigPath, CertDir: certDir, Kubeconfig: s.Cluster.KubeconfigPath,
		SelfImage: mutatorstest.RenderImage, ExtraArgs: []string{"--log-level=debug"}, Log: serverLog,
	}
	start := time.Now()
	s.Server, err = cluster.StartServer(ctx, s.serverOpts)
	if err != nil {
		return err
	}
	logf("podpatterns serve ready in %s at %s", since(start), s.Server.URL)
	return nil
}

// installWebhooks creates the release namespace (labelled as if it opted in, to prove
// the exclusion) and the chart's webhook configurations, and waits until they are live.
func (s *Suite) installWebhooks(ctx context.Context) error {
	optIn := map[string]string{mutators.LabelInject: mutators.InjectEnabled, validators.LabelProfile: "standard"}
	if err := cluster.EnsureNamespace(ctx, s.Client, ReleaseNamespace, optIn, nil); err != nil {
		return err
	}
	if err := cluster.EnsureNamespace(ctx, s.Client, metav1.NamespaceSystem, optIn, nil); err != nil {
		return err
	}
	s.Webhooks = cluster.WebhookOptions{ReleaseNamespace: ReleaseNamespace, URL: s.Server.URL, CABundle: s.Cert.CAPEM}
	start := time.Now()
	if err := cluster.InstallWebhooks(ctx, s.Client, s.Webhooks); err != nil {
		return err
	}
	if err := cluster.WaitForWebhooks(ctx, s.Client, 30*time.Second); err != nil {
		return err
	}
	logf("webhooks answering %s after installation", since(start))
	return nil
}

// tearDown stops the server and the control plane.
func (s *Suite) tearDown() {
	var errs []error
	if s.Server != nil {
		errs = append(errs, s.Server.Stop())
	}
	if s.Cluster != nil {
		errs = append(errs, s.Cluster.Stop())
	}
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: teardown:", err)
	}
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

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }
