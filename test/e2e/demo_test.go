package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/podpatterns/podpatterns/test/demo/scenario"
)

// TestDemoScenario runs `make demo`'s scenario against the suite's cluster: every demo
// workload must show what the demo promises (so the README's main command cannot rot).
// The report is logged (go test -v shows it).
func TestDemoScenario(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	demo := scenario.Default()
	outcomes, err := demo.Apply(ctx, suite.Client, suite.Cluster.Config)
	if err != nil {
		t.Fatal(err)
	}
	scenario.Collect(ctx, suite.Client, suite.Cluster.AuditLogPath, outcomes, time.Minute)
	var report strings.Builder
	if broken := demo.Print(&report, outcomes); broken > 0 {
		t.Errorf("%d demo workloads break their promise:\n%s", broken, report.String())
		return
	}
	t.Log(report.String())
}
