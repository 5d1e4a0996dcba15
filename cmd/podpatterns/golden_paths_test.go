package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestGoldenCasesAllPaths runs every mutator golden case through the three paths a pod
// can take — the admission core, the /mutate handler and `podpatterns inject` — and
// requires them to agree with the golden file and with each other; then the mutated pod
// through the core's validation, /validate and `podpatterns validate` under each profile
// (checkValidateAgrees) (Istio's
// TestInjection, which runs every golden through its webhook and kube-inject, is the
// model): the same pod, the same patch, the same warnings, the same denial.
func TestGoldenCasesAllPaths(t *testing.T) {
	cases, err := mutatorstest.LoadCases("../../mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("only %d golden cases found", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := c.Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			golden, err := mutatorstest.ReadGolden(c.GoldenPath)
			if err != nil {
				t.Fatal(err)
			}
			core, err := p.MutatePod(c.Pod(), c.Namespace)
			if err != nil {
				t.Fatal(err)
			}
			t.Run("core", func(t *testing.T) { checkCoreIsGolden(t, core, golden) })
			t.Run("http", func(t *testing.T) { checkHTTPAgrees(t, c, p, core) })
			t.Run("cli", func(t *testing.T) { checkCLIAgrees(t, c, core) })
		})
	}
}

// checkCoreIsGolden: the core's decision is the golden file's.
func checkCoreIsGolden(t *testing.T, core admission.Mutation, golden mutatorstest.Golden) {
	got := mutatorstest.NewGolden(core.Pod, core.Report)
	if diff := cmp.Diff(golden.Report, got.Report); diff != "" {
		t.Errorf("report (-golden +core):\n%s", diff)
	}
	if !equality.Semantic.DeepEqual(golden.Pod, got.Pod) {
		t.Errorf("pod (-golden +core):\n%s", cmp.Diff(golden.Pod, got.Pod))
	}
	if core.Denied() {
		for _, d := range golden.Report.Denials {
			if !strings.Contains(core.Denial, d) {
				t.Errorf("denial %q lacks %q", core.Denial, d)
			}
		}
	}
}

// checkHTTPAgrees: /mutate answers with the core's patch (byte for byte), warnings and
// denial, and a reinvocation with the patched pod yields no patch and the same warnings.
func checkHTTPAgrees(t *testing.T, c *mutatorstest.Case, p *admission.Pipeline, core admission.Mutation) {
	h, m := handlersFor(c, p)
	resp := postPod(t, h, c.Namespace.Name, c.PodJSON)
	firstSkips := skipsTotal(t, m)
	if resp.UID != "golden" { // the apiserver rejects a response with another UID
		t.Errorf("UID %q, want the request's (golden)", resp.UID)
	}
	if !slices.Equal(resp.Warnings, core.Report.Warnings) {
		t.Errorf("warnings %q, core %q", resp.Warnings, core.Report.Warnings)
	}
	if core.Denied() {
		if resp.Allowed || resp.Result.Message != core.Denial {
			t.Fatalf("core denies with %q; handler: allowed=%v %q", core.Denial, resp.Allowed, resp.Result.Message)
		}
		return
	}
	if !resp.Allowed || string(resp.Patch) != string(core.Patch) {
		t.Fatalf("handler: allowed=%v patch %s; core patch %s", resp.Allowed, resp.Patch, core.Patch)
	}
	patched := mutatorstest.CheckPatch(t, c.PodJSON, resp.Patch, core.Pod)
	again := postPod(t, h, c.Namespace.Name, patched)
	if !again.Allowed || again.Patch != nil {
		t.Errorf("reinvocation: allowed=%v patch %s", again.Allowed, again.Patch)
	}
	// Users see a reinvocation's warnings, and its skips count in the metrics: it must
	// warn and skip nothing beyond what the first call did.
	for _, w := range again.Warnings {
		if !slices.Contains(resp.Warnings, w) {
			t.Errorf("reinvocation warns %q, which the first call did not (%q)", w, resp.Warnings)
		}
	}
	if skips := skipsTotal(t, m) - firstSkips; skips > firstSkips {
		t.Errorf("reinvocation counted %v skips, the first call %v", skips, firstSkips)
	}
	if again.UID != "golden" {
		t.Errorf("reinvocation UID %q, want the request's (golden)", again.UID)
	}
}

// checkCLIAgrees: `podpatterns inject` prints the core's pod (its status annotation
// carries the config file's revision, not the golden one), the core's warnings, and
// exits 1 with the core's denial.
func checkCLIAgrees(t *testing.T, c *mutatorstest.Case, core admission.Mutation) {
	out, stderr, err := runCLI(t, string(c.PodJSON), injectArgs(t, c)...)
	var warnings []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if w, ok := strings.CutPrefix(line, "Warning: "+podName(c)+": "); ok {
			warnings = append(warnings, w)
		}
	}
	if !slices.Equal(warnings, core.Report.Warnings) {
		t.Errorf("warnings %q, core %q", warnings, core.Report.Warnings)
	}
	if core.Denied() {
		if exitCode(err) != 1 || !strings.Contains(stderr, "Error: "+podName(c)+": "+core.Denial) {
			t.Fatalf("core denies with %q; CLI exit %d, stderr %q", core.Denial, exitCode(err), stderr)
		}
		return
	}
	if err != nil {
		t.Fatalf("inject: %v\n%s", err, stderr)
	}
	got := decodePod(t, out)
	if !equality.Semantic.DeepEqual(withGoldenRevision(got), withGoldenRevision(core.Pod)) {
		t.Errorf("pod (-core +cli):\n%s", cmp.Diff(withGoldenRevision(core.Pod), withGoldenRevision(got)))
	}
}
