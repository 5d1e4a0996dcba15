package e2enode

import (
	"sync"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/cluster"
	"github.com/podpatterns/podpatterns/test/nodestack"
	"helm.sh/helm/v3/pkg/release"
)

var releaseState struct {
	sync.Mutex
	rel *release.Release
	// node is the node the release's pods ran on when it was installed.
	node *cluster.Node
}

// needRelease installs the chart on first use (the node first). A release whose node
// TestTeardown stopped has no webhook pod left: a test that needs it then fails at once
// (it must sort before teardown_test.go), never runs against a Service without endpoints
// (the API server would resolve the Service's name through DNS instead, off the machine).
func needRelease(t *testing.T) *release.Release {
	t.Helper()
	node := needNode(t)
	releaseState.Lock()
	defer releaseState.Unlock()
	if releaseState.rel != nil && releaseState.node != node {
		t.Fatalf("the release was installed on a node TestTeardown has stopped; %s needs the release, so its file must sort before teardown_test.go (tests run in file order)", t.Name())
	}
	if releaseState.rel == nil {
		begin := time.Now()
		rel, err := nodestack.InstallRelease(ctxFor(t, 5*time.Minute), env.Cluster, env.node.Dir)
		if err != nil {
			t.Fatalf("helm install: %v", err)
		}
		logf("helm install --wait: %s", nodestack.Since(begin))
		releaseState.rel, releaseState.node = rel, node
	}
	return releaseState.rel
}
