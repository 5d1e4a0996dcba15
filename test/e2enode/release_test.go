package e2enode

import (
	"sync"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/nodestack"
	"helm.sh/helm/v3/pkg/release"
)

var releaseState struct {
	sync.Mutex
	rel *release.Release
}

// needRelease installs the chart on first use (the node first).
func needRelease(t *testing.T) *release.Release {
	t.Helper()
	needNode(t)
	releaseState.Lock()
	defer releaseState.Unlock()
	if releaseState.rel == nil {
		begin := time.Now()
		rel, err := nodestack.InstallRelease(ctxFor(t, 5*time.Minute), env.Cluster, env.node.Dir)
		if err != nil {
			t.Fatalf("helm install: %v", err)
		}
		logf("helm install --wait: %s", nodestack.Since(begin))
		releaseState.rel = rel
	}
	return releaseState.rel
}
