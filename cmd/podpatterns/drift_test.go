package main

import (
	"bytes"
	"encoding/json"
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

// TestDriftExitCodeAndJSON: --exit-code makes a drift exit 1 and no drift exit 0;
// without it a drift exits 0; -o json carries every workload with its restart command.
func TestDriftExitCodeAndJSON(t *testing.T) {
	ds := []drift.Drifted{{Workload: drift.Workload{Kind: "Deployment", Namespace: "shop", Name: "web"}, Pods: 3, DriftedPods: 2,
		Revisions: []string{"old1"}, Changes: []drift.Change{{Pattern: mutators.PatternSidecar, Template: "log-shipper", Why: drift.WhyChanged}}}}
	var b bytes.Buffer
	if err := writeDrift(&b, "text", ds, "abc", false, true); exitCode(err) != 1 || err == nil {
		t.Errorf("--exit-code with drift: %v, want exit 1", err)
	}
	if err := writeDrift(&b, "text", nil, "abc", false, true); err != nil {
		t.Errorf("--exit-code without drift: %v", err)
	}
	if err := writeDrift(&b, "text", ds, "abc", false, false); err != nil {
		t.Errorf("drift without --exit-code: %v", err)
	}
	b.Reset()
	if err := writeDrift(&b, "json", ds, "abc", false, false); err != nil {
		t.Fatal(err)
	}
	var got driftOutput
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	w := got.Drifted
	if got.Revision != "abc" || len(w) != 1 || w[0].Name != "web" || w[0].DriftedPods != 2 || w[0].Restart != "kubectl rollout restart deployment/web -n shop" ||
		len(w[0].Changes) != 1 || w[0].Changes[0].Template != "log-shipper" || w[0].Changes[0].Why != "changed" {
		t.Errorf("json: %+v", got)
	}
	b.Reset()
	_ = writeDrift(&b, "json", nil, "abc", false, false)
	if !strings.Contains(b.String(), `"drifted": []`) {
		t.Errorf("no drift must be an empty list, not null:\n%s", b.String())
	}
}
