// Command demo is `make demo`: it starts a local Kubernetes control plane (etcd,
// kube-apiserver, kube-controller-manager — built from the Go module proxy on first
// use), runs `podpatterns serve` against it with examples/config.yaml behind the chart's
// webhook configurations, creates demo namespaces and workloads for every pattern and
// profile mode, prints what podpatterns did to each, and keeps everything running for
// you to poke at with kubectl until Ctrl-C.
//
// When the machine allows it (root, cgroup v1, overlayfs, the node tools: the checks of
// `make node-preflight`), it then starts the node suite's stack (test/nodestack: a
// control plane a kubelet joins, the node, the chart installed with Helm and the image
// built here) and adds a runtime section: the injected containers Running, the rendered
// file as the app reads it, an observed drain, and the rollout experiment's failures
// without and with podpatterns.io/prestop. Otherwise the report says loudly why not.
//
//	go run ./test/demo            # until Ctrl-C
//	go run ./test/demo --once     # report and exit (CI); exit 1 if a promise is broken
//	go run ./test/demo --node=off # admission only
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	crlog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/demo/scenario"
)

// options are the command-line flags.
type options struct {
	once    bool
	timeout time.Duration
	dir     string
	keep    bool
	config  string
	node    string
}

func main() {
	var o options
	flag.BoolVar(&o.once, "once", false, "print the report and exit (exit status 1 if a workload does not show what it promises)")
	flag.DurationVar(&o.timeout, "timeout", 0, "stop after this long (0: run until Ctrl-C)")
	flag.StringVar(&o.dir, "dir", "", "directory for the cluster's files (default: a new temporary directory)")
	flag.BoolVar(&o.keep, "keep", false, "keep the directory on exit")
	flag.StringVar(&o.config, "config", "examples/config.yaml", "podpatterns config file (relative to the repository root)")
	flag.StringVar(&o.node, "node", nodeAuto, "the runtime part on a node (kubelet + containerd, root): auto runs it when the machine allows it and says why not otherwise, on fails when it cannot, off skips it")
	flag.Parse()

	// The libraries the stack uses (Helm's kube client, controller-runtime's) log through
	// controller-runtime's logger; unset, it dumps goroutines into the report after 30 s.
	// The demo's report says what matters; their lines would only interleave with it.
	crlog.SetLogger(logr.Discard())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// errBroken reports broken promises in --once mode.
var errBroken = errors.New("some workloads do not show what they promise (see ✗ above)")

func run(ctx context.Context, o options) error {
	root, err := cluster.RepoRoot()
	if err != nil {
		return err
	}
	config, err := os.ReadFile(filepath.Join(root, o.config))
	if err != nil {
		return err
	}
	dir, cleanup, err := workDir(o)
	if err != nil {
		return err
	}
	defer cleanup()

	say("starting the local cluster in %s (the first run builds kube-apiserver, etcd, kube-controller-manager and kubectl from the Go module proxy: ~15 minutes on 2 cores)", dir)
	stack, err := cluster.StartStack(ctx, cluster.StackOptions{
		Dir: dir, Config: config, ReleaseNamespace: "podpatterns-system", Progress: os.Stderr,
	})
	if err != nil {
		return err
	}
	defer func() {
		say("stopping the server and the control plane")
		if err := stack.Stop(); err != nil {
			say("stopping: %v", err)
		}
	}()
	t := stack.Timings
	say("ready in %s (control plane %s, server %s)", t.Total.Round(time.Millisecond), t.ControlPlane.Round(time.Millisecond), t.ServerReady.Round(time.Millisecond))

	demo := scenario.Default()
	say("creating the demo namespaces and workloads")
	outcomes, err := demo.Apply(ctx, stack.Cluster.Client, stack.Cluster.Config)
	if err != nil {
		return err
	}
	scenario.Collect(ctx, stack.Cluster.Client, stack.Cluster.AuditLogPath, outcomes, time.Minute)
	version := "unknown version"
	if v, err := stack.Cluster.Client.Discovery().ServerVersion(); err == nil {
		version = v.GitVersion
	}
	fmt.Printf("\npodpatterns demo — Kubernetes %s, webhook %s, config %s\n", version, stack.Server.URL, o.config)
	broken := demo.Print(os.Stdout, outcomes)
	nodeBroken, stopNode, err := runtimePart(ctx, o, filepath.Join(dir, "node"))
	defer stopNode()
	if err != nil {
		return err
	}
	if broken+nodeBroken > 0 && o.once {
		return errBroken
	}
	if o.once {
		return nil
	}
	printInstructions(stack, dir, o.keep)
	return wait(ctx, o.timeout)
}

// runtimePart runs the node part when the machine allows it (--node) and prints its
// section, or prints loudly why it was skipped. It returns the broken promises and a
// stop for the node stack (call it even on error).
func runtimePart(ctx context.Context, o options, dir string) (int, func(), error) {
	if why := nodeAllowed(o.node); why != nil {
		if o.node == nodeOn {
			return 0, func() {}, fmt.Errorf("--node=on, but this machine cannot run a node:\n%w", why)
		}
		printNodeSkipped(os.Stdout, why)
		return 0, func() {}, nil
	}
	r, err := startNodeRun(ctx, dir, os.Stderr)
	stop := func() {
		say("stopping the node (its teardown restores the machine) and its control plane")
		if err := r.stop(); err != nil {
			say("stopping the node: %v", err)
		}
	}
	if err != nil {
		return 0, stop, fmt.Errorf("the node part: %w", err)
	}
	ev, err := collectRuntime(ctx, r.stack.Cluster.Client)
	if err != nil {
		return 0, stop, fmt.Errorf("the node part (node logs in %s): %w", r.node.Dir, err)
	}
	say("the node stack keeps running until the demo ends: KUBECONFIG=%s (pods in %s, %s, %s)", r.stack.Cluster.KubeconfigPath, nsRuntime, nsRolloutPlain, nsRolloutPre)
	return printRuntime(os.Stdout, r, ev), stop, nil
}

// workDir returns the directory for the stack and a cleanup that removes it (unless
// --keep or --dir).
func workDir(o options) (string, func(), error) {
	if o.dir != "" {
		return o.dir, func() {}, os.MkdirAll(o.dir, 0o755)
	}
	dir, err := os.MkdirTemp("", "podpatterns-demo-")
	if err != nil {
		return "", nil, err
	}
	if o.keep {
		return dir, func() {}, nil
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// printInstructions tells the user how to look at the running cluster.
func printInstructions(s *cluster.Stack, dir string, keep bool) {
	kubectl := filepath.Join(s.BinaryDir, cluster.BinaryKubectl)
	fmt.Printf(`
The cluster keeps running. In another terminal:

  export KUBECONFIG=%s
  alias kubectl=%s
  kubectl get pods -A -L %s
  kubectl -n %s get pod -l %s=everything -o yaml      # every pattern on one pod
  kubectl -n %s run try --image=nginx                  # warnings from profile standard
  kubectl -n %s run try --image=nginx                  # denied by profile standard
  kubectl create namespace mine && kubectl label namespace mine podpatterns.io/inject=enabled
  kubectl -n mine run web --image=nginx --annotations=podpatterns.io/sidecars=log-shipper
  kubectl -n mine run web2 --image=nginx --dry-run=server -o yaml --annotations=podpatterns.io/ambassadors=redis

  config (hot-reloaded when you save it): %s
  server log:  %s
  metrics:     curl -s %s/metrics | grep ^podpatterns_
  audit log:   %s
  server:      %s %s

Ctrl-C stops everything%s.
`, s.Cluster.KubeconfigPath, kubectl, scenario.LabelWorkload,
		scenario.NSPatterns, scenario.LabelWorkload, scenario.NSWarn, scenario.NSEnforce,
		s.ConfigPath, s.ServerLogPath, s.Server.MetricsURL, s.Cluster.AuditLogPath,
		s.Binary, joinArgs(s.Server.Args), removal(dir, keep))
}

func removal(dir string, keep bool) string {
	if keep {
		return ""
	}
	return " and deletes " + dir
}

func joinArgs(args []string) string {
	out := ""
	for i, a := range args {
		if i > 0 {
			out += " "
		}
		out += a
	}
	return out
}

// wait blocks until Ctrl-C or the timeout.
func wait(ctx context.Context, timeout time.Duration) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	<-ctx.Done()
	return nil
}

func say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "demo: "+format+"\n", args...)
}
