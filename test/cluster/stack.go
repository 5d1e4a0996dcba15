package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/mutators"
)

// StackOptions say how to bring up the whole local stack.
type StackOptions struct {
	// Dir receives everything: control-plane files, certificates, the config file, logs.
	Dir string
	// Config is the server's config file content.
	Config []byte
	// ReleaseNamespace is the namespace the chart would be installed in (excluded).
	ReleaseNamespace string
	// ExcludeNamespaces are never sent to the webhooks (the chart's webhooks.excludeNamespaces),
	// e.g. namespaces that a second installation serves.
	ExcludeNamespaces []string
	// SelfImage is passed to the server as --self-image when set.
	SelfImage string
	// ServerArgs are extra `podpatterns serve` flags.
	ServerArgs []string
	// Progress receives the binaries' build output and one line per step; nil discards.
	Progress io.Writer
}

// Stack is a local control plane with `podpatterns serve` wired in as the chart wires
// it into a real cluster.
type Stack struct {
	Cluster *Cluster
	Server  *Server
	// Cert is the server's serving certificate; its CA is the webhooks' caBundle.
	Cert *ServingCert
	// Webhooks is how the configurations are installed (change and reinstall to test
	// other policies).
	Webhooks WebhookOptions
	// ConfigPath is the server's --config file (edit it: the server hot-reloads it).
	ConfigPath string
	// Binary is the podpatterns binary; BinaryDir holds kubectl and the control plane.
	Binary, BinaryDir string
	// ServerLogPath is where the server's JSON log goes.
	ServerLogPath string
	// Timings of each step, for the suite's and the demo's reports.
	Timings Timings
}

// Timings are the durations of the start-up steps.
type Timings struct {
	Binaries, ControlPlane, ServerBuild, ServerReady, WebhooksLive, Total time.Duration
}

// StartStack builds what is missing (control-plane binaries, the podpatterns binary),
// starts etcd, kube-apiserver (with an audit log) and kube-controller-manager, runs
// `podpatterns serve` against them, installs the chart's webhook configurations and
// returns once the apiserver really calls the server. On error, whatever was started is
// stopped.
func StartStack(ctx context.Context, o StackOptions) (s *Stack, err error) {
	begin := time.Now()
	progress := o.Progress
	if progress == nil {
		progress = io.Discard
	}
	s = &Stack{}
	defer func() {
		if err != nil {
			_ = s.Stop()
			s = nil
		}
	}()
	step := time.Now()
	if s.BinaryDir, err = EnsureBinaries(ctx, progress); err != nil {
		return s, err
	}
	s.Timings.Binaries = time.Since(step)

	// The server binary compiles while etcd and kube-apiserver start.
	type built struct {
		path string
		err  error
		took time.Duration
	}
	buildc := make(chan built, 1)
	go func() {
		start := time.Now()
		path, err := BuildServer(ctx, o.Dir)
		buildc <- built{path, err, time.Since(start)}
	}()
	fmt.Fprintln(progress, "starting etcd, kube-apiserver and kube-controller-manager; building podpatterns")
	s.Cluster, err = Start(Options{BinaryDir: s.BinaryDir, Dir: filepath.Join(o.Dir, "control-plane"), Audit: true, ControllerManager: true})
	b := <-buildc
	if err = errors.Join(err, b.err); err != nil {
		return s, err
	}
	s.Timings.ControlPlane, s.Timings.ServerBuild, s.Binary = s.Cluster.StartupTime, b.took, b.path

	step = time.Now()
	if err = s.startServer(ctx, o); err != nil {
		return s, err
	}
	s.Timings.ServerReady = time.Since(step)

	step = time.Now()
	fmt.Fprintln(progress, "installing the webhook configurations")
	if err = s.installWebhooks(ctx, o.ReleaseNamespace, o.ExcludeNamespaces); err != nil {
		return s, err
	}
	s.Timings.WebhooksLive = time.Since(step)
	s.Timings.Total = time.Since(begin)
	return s, nil
}

// startServer writes a serving certificate and the config and runs the server.
func (s *Stack) startServer(ctx context.Context, o StackOptions) error {
	cert, err := NewServingCert("127.0.0.1")
	if err != nil {
		return err
	}
	certDir := filepath.Join(o.Dir, "certs")
	if err := cert.WriteDir(certDir); err != nil {
		return err
	}
	s.Cert = cert
	configDir := filepath.Join(o.Dir, "config")
	if err := os.MkdirAll(configDir, 0o755); err != nil {
		return err
	}
	s.ConfigPath = filepath.Join(configDir, "config.yaml")
	if err := os.WriteFile(s.ConfigPath, o.Config, 0o644); err != nil {
		return err
	}
	s.ServerLogPath = filepath.Join(o.Dir, "podpatterns.log")
	log, err := os.Create(s.ServerLogPath)
	if err != nil {
		return err
	}
	s.Server, err = StartServer(ctx, ServerOptions{
		Binary: s.Binary, ConfigPath: s.ConfigPath, CertDir: certDir, Kubeconfig: s.Cluster.KubeconfigPath,
		SelfImage: o.SelfImage, ExtraArgs: o.ServerArgs, Log: log,
	})
	if err != nil {
		return fmt.Errorf("%w (server log: %s)", err, s.ServerLogPath)
	}
	return nil
}

// installWebhooks labels kube-system and the release namespace as if they opted in (the
// configurations must exclude them anyway), installs the configurations and waits until
// the apiserver calls the server.
func (s *Stack) installWebhooks(ctx context.Context, releaseNamespace string, exclude []string) error {
	s.Webhooks = WebhookOptions{ReleaseNamespace: releaseNamespace, ExcludeNamespaces: exclude, URL: s.Server.URL, CABundle: s.Cert.CAPEM}
	s.Webhooks.Default()
	optIn := map[string]string{mutators.LabelInject: mutators.InjectEnabled, mutators.LabelProfile: "standard"}
	for _, ns := range []string{metav1.NamespaceSystem, s.Webhooks.ReleaseNamespace} {
		if err := EnsureNamespace(ctx, s.Cluster.Client, ns, optIn, nil); err != nil {
			return err
		}
	}
	if err := InstallWebhooks(ctx, s.Cluster.Client, s.Webhooks); err != nil {
		return err
	}
	return WaitForWebhooks(ctx, s.Cluster.Client, 30*time.Second)
}

// RestartServer starts a new server process with the same options and port (after
// Server.Stop) and waits for it to be ready: the webhook configurations stay valid.
func (s *Stack) RestartServer(ctx context.Context) error {
	srv, err := StartServer(ctx, s.Server.opts)
	if err != nil {
		return err
	}
	s.Server = srv
	return nil
}

// Stop stops the server and the control plane.
func (s *Stack) Stop() error {
	var errs []error
	if s.Server != nil {
		errs = append(errs, s.Server.Stop())
	}
	if s.Cluster != nil {
		errs = append(errs, s.Cluster.Stop())
	}
	return errors.Join(errs...)
}
