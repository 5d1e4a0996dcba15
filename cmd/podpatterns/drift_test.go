package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/podpatterns/podpatterns/drift"
	"github.com/podpatterns/podpatterns/mutators"
)

// TestPrintDrift: one line per drifted workload (pods, revisions, templates), and with
// --restart the dry-run commands after a comment; "no drift" when there is none.
func TestPrintDrift(t *testing.T) {
	var b bytes.Buffer
	printDrift(&b, nil, "abc", true)
	if b.String() != "no drift: every injected pod matches config revision abc\n" {
		t.Errorf("no drift: %q", b.String())
	}
	b.Reset()
	ds := []drift.Drifted{{Workload: drift.Workload{Kind: "Deployment", Namespace: "shop", Name: "web"}, Pods: 3, DriftedPods: 2,
		Revisions: []string{"old1"}, Changes: []drift.Change{{Pattern: mutators.PatternSidecar, Template: "log-shipper", Why: drift.WhyChanged}}}}
	printDrift(&b, ds, "abc", true)
	want := "1 workload(s) with pods injected from templates that differ from config revision abc:\n" +
		"shop/Deployment/web\t2/3 pods\tinjected at old1\tsidecar/log-shipper (changed)\n" +
		"\n# dry run: run these to re-inject the pods with the current config\n" +
		"kubectl rollout restart deployment/web -n shop\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	printDrift(&b, ds, "abc", false)
	if strings.Contains(b.String(), "kubectl") {
		t.Errorf("commands printed without --restart:\n%s", b.String())
	}
}
