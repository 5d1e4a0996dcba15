package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
)

// Values of --node.
const (
	nodeAuto = "auto"
	nodeOn   = "on"
	nodeOff  = "off"
)

// errNodeOff is why the runtime part is skipped with --node=off.
var errNodeOff = errors.New("--node=off was given")

// nodeAllowed is nil when the runtime part can run: what no build can add (root,
// cgroup v1, overlayfs: cluster.NodeHostPreflight) and node tools that are installed or
// installable (cluster.NodeToolsInstallable: apt-get is there). Missing tools and
// binaries are then built on first use by the node stack (build-node.sh, with progress),
// so a newcomer's first `make demo` as root shows the runtime part instead of skipping it.
func nodeAllowed(mode string) error {
	return nodeAllowedBy(mode, cluster.NodeHostPreflight, cluster.NodeToolsInstallable)
}

func nodeAllowedBy(mode string, host, tools func() error) error {
	if mode == nodeOff {
		return errNodeOff
	}
	return errors.Join(host(), tools())
}

// printNodeSkipped says loudly, in the report, why no pod ran.
func printNodeSkipped(w io.Writer, why error) {
	fmt.Fprintf(w, "\nRUNTIME PART SKIPPED — no node was started, so no injected container ran; the report above is admission only.\n")
	fmt.Fprintf(w, "  why: %v\n", strings.ReplaceAll(why.Error(), "\n", "\n       "))
	fmt.Fprintf(w, "  to run it: as root on a cgroup v1 host with overlayfs and apt-get, `make demo` builds the node tools on first use (or --node=on to fail instead of skipping)\n")
}

// nodeRun is the node stack of the runtime part: a control plane a kubelet joins, the
// node, and the chart installed with Helm (nodestack, as the node suite runs it).
type nodeRun struct {
	stack *nodestack.Stack
	node  *cluster.Node
	helm  time.Duration
}

// startNodeRun brings the node stack up in dir; stop it with stop, even on error.
func startNodeRun(ctx context.Context, dir string, progress io.Writer) (*nodeRun, error) {
	r := &nodeRun{}
	var err error
	say("starting the node stack in %s (the first run builds kubelet, kube-scheduler, containerd and agnhost: ~30 minutes on 2 cores)", dir)
	if r.stack, err = nodestack.Start(ctx, filepath.Join(dir, "stack"), progress, say); err != nil {
		return r, err
	}
	if r.node, err = r.stack.StartNode(ctx, filepath.Join(dir, "node"), false); err != nil {
		return r, err
	}
	say("helm install of the chart with the image built here (two replicas, self-managed certificates)")
	begin := time.Now()
	if _, err = nodestack.InstallRelease(ctx, r.stack.Cluster, r.node.Dir); err != nil {
		return r, err
	}
	r.helm = time.Since(begin)
	return r, nil
}

// stop stops the node (its teardown restores the machine), then its control plane.
func (r *nodeRun) stop() error {
	var errs []error
	if r.node != nil {
		errs = append(errs, r.node.Stop(context.Background()))
	}
	if r.stack != nil {
		errs = append(errs, r.stack.Stop())
	}
	return errors.Join(errs...)
}
