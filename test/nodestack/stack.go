// Package nodestack is the node stack the node suite (test/e2enode) and `make demo`
// (test/demo) share: a control plane a kubelet can join, the images built here, a node
// (test/cluster), the chart installed with Helm's install action and the local image,
// the agnhost test config, and the runtime experiments both report (the rollout behind
// an ingress that follows EndpointSlices, the drain of a deleted preStop pod).
package nodestack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
)

// Stack is a control plane ready for a node, with the node's binaries and images.
type Stack struct {
	Dir, AssetDir string
	Cluster       *cluster.Cluster
	Images        Images

	removeAPIServerAddress func() error
	logf                   func(format string, args ...any)
}

// NodeControllers are the kube-controller-manager controllers a node's workloads need
// besides cluster.Controllers: Services' EndpointSlices (and Endpoints), the
// kube-root-ca.crt ConfigMap every service account token volume mounts, PDB status,
// namespace deletion, the garbage collection of pods of a deleted node, and the node
// lifecycle (it lifts the not-ready taint the kubelet registers with).
var NodeControllers = []string{"node-lifecycle-controller", "endpointslice-controller", "endpoints-controller", "root-ca-certificate-publisher-controller",
	"disruption-controller", "namespace-controller", "pod-garbage-collector-controller"}

// Start builds what is missing, the images, and starts the control plane in dir with
// what a node needs from it: the apiserver at the kubernetes Service's address
// (cluster.AddAPIServerAddress), cluster.NodeAPIServerFlags, and NodeControllers.
// progress receives build output, logf one line per step. On error, call Stop.
func Start(ctx context.Context, dir string, progress io.Writer, logf func(format string, args ...any)) (*Stack, error) {
	s := &Stack{Dir: dir, logf: logf}
	begin := time.Now()
	if err := cluster.NodePreflight(); err != nil {
		return s, fmt.Errorf("this machine cannot run a node:\n%w", err)
	}
	binDir, err := cluster.EnsureBinaries(ctx, progress)
	if err != nil {
		return s, err
	}
	if s.AssetDir, err = cluster.EnsureNodeBinaries(ctx, progress); err != nil {
		return s, err
	}
	logf("binaries ready in %s", Since(begin))
	step := time.Now()
	if s.Images, err = buildImages(ctx, dir, s.AssetDir); err != nil {
		return s, err
	}
	logf("images built in %s", Since(step))
	if s.removeAPIServerAddress, err = cluster.AddAPIServerAddress(); err != nil {
		return s, err
	}
	s.Cluster, err = cluster.Start(cluster.Options{
		BinaryDir: binDir, Dir: filepath.Join(dir, "control-plane"), ControllerManager: true,
		APIServerAddress: cluster.KubernetesServiceIP, APIServerPort: cluster.KubernetesServicePort,
		APIServerFlags: cluster.NodeAPIServerFlags, ExtraControllers: NodeControllers,
	})
	if err != nil {
		return s, err
	}
	logf("control plane ready in %s", Round(s.Cluster.StartupTime))
	return s, nil
}

// StartNode starts a node in dir with the stack's images.
func (s *Stack) StartNode(ctx context.Context, dir string, skipBridgeTeardown bool) (*cluster.Node, error) {
	n, err := cluster.StartNode(ctx, s.Cluster, cluster.NodeOptions{
		Dir: dir, AssetDir: s.AssetDir, Images: s.Images.Tarballs(), SkipBridgeTeardown: skipBridgeTeardown,
	})
	if err != nil {
		return nil, err
	}
	t := n.Timings
	s.logf("node Ready in %s: containerd %s, images imported %s, kubelet start to Ready %s",
		Round(t.Total), Round(t.Containerd), Round(t.Images), Round(t.NodeReady))
	return n, nil
}

// Stop stops the control plane and removes the apiserver's address (stop nodes first).
func (s *Stack) Stop() error {
	var errs []error
	if s.Cluster != nil {
		errs = append(errs, s.Cluster.Stop())
	}
	if s.removeAPIServerAddress != nil {
		errs = append(errs, s.removeAPIServerAddress())
	}
	return errors.Join(errs...)
}

// Round rounds to the millisecond for reports.
func Round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// Since is Round(time.Since(t)).
func Since(t time.Time) time.Duration { return Round(time.Since(t)) }
