package cluster

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// Options say which control plane to start.
type Options struct {
	// BinaryDir holds the binaries (EnsureBinaries).
	BinaryDir string
	// Dir receives the kubeconfig, the audit policy and log, and the process logs.
	Dir string
	// Audit starts the apiserver with AuditPolicy and a JSON audit log in Dir, so tests can
	// read the audit annotations our validating webhook sets.
	Audit bool
	// ControllerManager also runs kube-controller-manager, so Deployments, ReplicaSets,
	// Jobs and StatefulSets really create pods (through the webhooks).
	ControllerManager bool
	// Logs receives the control plane's own output; nil writes it to files in Dir.
	Logs io.Writer
	// APIServerAddress and APIServerPort, when set, are where kube-apiserver serves (and
	// the SANs of its certificate): a node's pods reach it there. Default: loopback and a
	// free port.
	APIServerAddress, APIServerPort string
	// APIServerFlags are extra kube-apiserver flags (name without dashes → value).
	APIServerFlags map[string]string
	// ExtraControllers are kube-controller-manager controllers run besides Controllers
	// (a node needs e.g. the EndpointSlice controller).
	ExtraControllers []string
}

// Cluster is a running local control plane.
type Cluster struct {
	// Config is an admin (system:masters) client config.
	Config *rest.Config
	// Client is a clientset for Config.
	Client kubernetes.Interface
	// KubeconfigPath is an admin kubeconfig file for kubectl and `podpatterns serve`.
	KubeconfigPath string
	// AuditLogPath is the JSON audit log ("" without Options.Audit).
	AuditLogPath string
	// StartupTime is how long etcd + kube-apiserver took to become healthy.
	StartupTime time.Duration

	env      *envtest.Environment
	kcm      *process
	watchdog *watchdog
	// attachedUsers: user → kubeconfig, for a Cluster made by Attach.
	attachedUsers map[string]string
}

// Start starts etcd and kube-apiserver (and kube-controller-manager when asked) and
// returns once the apiserver is healthy. Stop it with Stop: it owns real processes.
func Start(opts Options) (*Cluster, error) {
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	c := &Cluster{}
	env := &envtest.Environment{BinaryAssetsDirectory: opts.BinaryDir, ControlPlaneStartTimeout: 2 * time.Minute}
	api := env.ControlPlane.GetAPIServer()
	if opts.Audit {
		policy := filepath.Join(opts.Dir, "audit-policy.yaml")
		if err := os.WriteFile(policy, []byte(AuditPolicy), 0o644); err != nil {
			return nil, err
		}
		c.AuditLogPath = filepath.Join(opts.Dir, "audit.log")
		api.Configure().
			Set("audit-policy-file", policy).
			Set("audit-log-path", c.AuditLogPath).
			Set("audit-log-format", "json").
			Set("audit-log-mode", "blocking")
	}
	if opts.APIServerAddress != "" {
		api.SecureServing.ListenAddr.Address, api.SecureServing.ListenAddr.Port = opts.APIServerAddress, opts.APIServerPort
	}
	for name, value := range opts.APIServerFlags {
		api.Configure().Set(name, value)
	}
	if err := attachLogs(env, opts); err != nil {
		return nil, err
	}
	begin := time.Now()
	cfg, err := env.Start()
	if err != nil {
		_ = env.Stop()
		return nil, fmt.Errorf("starting etcd and kube-apiserver from %s: %w", opts.BinaryDir, err)
	}
	c.StartupTime = time.Since(begin)
	c.env, c.Config = env, cfg
	c.watchdog = startWatchdog(opts.BinaryDir)
	if err := c.finishStart(opts); err != nil {
		_ = c.Stop()
		return nil, err
	}
	return c, nil
}

// finishStart writes the kubeconfig, builds the client and starts the controller manager.
func (c *Cluster) finishStart(opts Options) error {
	c.KubeconfigPath = filepath.Join(opts.Dir, "kubeconfig")
	if err := os.WriteFile(c.KubeconfigPath, c.env.KubeConfig, 0o600); err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return err
	}
	c.Client = client
	if !opts.ControllerManager {
		return nil
	}
	c.kcm, err = startControllerManager(c.env, opts)
	if err != nil {
		return err
	}
	c.watchdog.adopt(c.kcm.pid())
	return nil
}

// attachLogs sends etcd's and kube-apiserver's output to opts.Logs or to files in Dir.
func attachLogs(env *envtest.Environment, opts Options) error {
	api := env.ControlPlane.GetAPIServer()
	env.ControlPlane.Etcd = &envtest.Etcd{}
	if opts.Logs != nil {
		api.Out, api.Err = opts.Logs, opts.Logs
		env.ControlPlane.Etcd.Out, env.ControlPlane.Etcd.Err = opts.Logs, opts.Logs
		return nil
	}
	apiLog, err := os.Create(filepath.Join(opts.Dir, "kube-apiserver.log"))
	if err != nil {
		return err
	}
	etcdLog, err := os.Create(filepath.Join(opts.Dir, "etcd.log"))
	if err != nil {
		return err
	}
	api.Out, api.Err = apiLog, apiLog
	env.ControlPlane.Etcd.Out, env.ControlPlane.Etcd.Err = etcdLog, etcdLog
	return nil
}

// Stop stops every process, the controller manager first.
func (c *Cluster) Stop() error {
	var errs []error
	if c.kcm != nil {
		errs = append(errs, c.kcm.stop())
	}
	if c.env != nil {
		errs = append(errs, c.env.Stop())
	}
	c.watchdog.stop()
	return errors.Join(errs...)
}
