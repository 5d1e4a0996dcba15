package e2enode

import (
	"slices"
	"testing"
	"time"

	"helm.sh/helm/v3/pkg/release"

	"github.com/podpatterns/podpatterns/test/nodestack"
)

// TestHelmTest: `helm test` of the installed release runs the chart's test hook — the
// webhook check Job (`podpatterns check-webhook`: a dry-run pod in the check namespace
// must come back mutated, through the API server, the Service and TLS) — and it
// succeeds on the node. The check's failure path is e2e's TestCheckWebhookAgainstAPIServer.
func TestHelmTest(t *testing.T) {
	needRelease(t)
	rel, err := nodestack.RunHelmTest(ctxFor(t, 4*time.Minute), env.Cluster)
	if err != nil {
		t.Fatalf("helm test: %v", err)
	}
	ran := 0
	for _, h := range rel.Hooks {
		if !slices.Contains(h.Events, release.HookTest) {
			continue
		}
		ran++
		if h.Kind == "Job" && h.LastRun.Phase != release.HookPhaseSucceeded {
			t.Errorf("test hook %s/%s: phase %s", h.Kind, h.Name, h.LastRun.Phase)
		}
	}
	if ran == 0 {
		t.Fatal("the chart has no test hook")
	}
	logf("helm test: %d test hooks, the check Job succeeded", ran)
}
