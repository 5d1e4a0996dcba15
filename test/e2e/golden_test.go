package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/config"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/qos"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// minGoldenCases guards against a path mistake that would load nothing and pass.
const minGoldenCases = 40

// TestGoldenCasesThroughAPIServer replays every mutator golden case
// (mutators/testdata/<mutator>/<case>.yaml) through the real apiserver: the input pod is
// created in a namespace that opted in (with the case's namespace labels and
// annotations), and the pod the apiserver stores must equal the golden pod after the
// same apiserver defaulting — which the apiserver itself applies, by dry-run creating
// the golden pod in a namespace no webhook selects. Denied cases must be denied with
// every golden denial in the message the user sees; warnings must reach the client
// exactly as the golden report lists them.
//
// Cases that bring their own config are grouped by config, and the server is switched
// to each config by rewriting its config file (hot reload) before the group runs. It is
// sequential at the top level for that reason; the cases of a group run in parallel.
func TestGoldenCasesThroughAPIServer(t *testing.T) {
	root, err := cluster.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := mutatorstest.LoadCases(filepath.Join(root, "mutators", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < minGoldenCases {
		t.Fatalf("only %d golden cases found, want at least %d", len(cases), minGoldenCases)
	}
	expectedNS := newNamespace(t, nil, nil)
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	for _, g := range groupByConfig(cases) {
		t.Run(g.name, func(t *testing.T) {
			useConfig(t, g.data)
			createPriorityClasses(t, g.cases)
			for _, c := range g.cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					runGoldenCase(t, c, expectedNS)
				})
			}
		})
	}
}

// createPriorityClasses creates the PriorityClasses the cases say the cluster holds (the
// same name always means the same class across cases), so the server's informer, the
// API server's Priority plugin and the golden files see the same classes.
func createPriorityClasses(t *testing.T, cases []*mutatorstest.Case) {
	t.Helper()
	for _, c := range cases {
		for _, pc := range c.PriorityClasses {
			_, err := suite.Client.SchedulingV1().PriorityClasses().Create(ctxFor(t), pc.DeepCopy(), metav1.CreateOptions{})
			if err != nil && !apierrors.IsAlreadyExists(err) {
				t.Fatalf("creating PriorityClass %s of %s: %v", pc.Name, c.Name, err)
			}
		}
	}
}

// configGroup is the cases that share one config file.
type configGroup struct {
	name  string
	data  []byte
	cases []*mutatorstest.Case
}

// groupByConfig groups cases by config content, the shared default config first.
func groupByConfig(cases []*mutatorstest.Case) []*configGroup {
	var groups []*configGroup
	for _, c := range cases {
		i := slices.IndexFunc(groups, func(g *configGroup) bool { return bytes.Equal(g.data, c.ConfigData) })
		if i < 0 {
			name := "examples-config"
			if c.Inline {
				name = "config-of-" + c.Name
			}
			groups = append(groups, &configGroup{name: name, data: c.ConfigData})
			i = len(groups) - 1
		}
		groups[i].cases = append(groups[i].cases, c)
	}
	slices.SortStableFunc(groups, func(a, b *configGroup) int {
		return boolRank(!bytes.Equal(a.data, suite.DefaultConfig)) - boolRank(!bytes.Equal(b.data, suite.DefaultConfig))
	})
	return groups
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// useConfig makes the server serve data: it rewrites the config file and waits until the
// server reports the new revision in podpatterns_config_info.
func useConfig(t *testing.T, data []byte) {
	t.Helper()
	cfg, err := config.Parse(suite.ConfigPath, data)
	if err != nil {
		t.Fatalf("config does not parse: %v", err)
	}
	if servingRevision(t) == cfg.Revision {
		return
	}
	if err := cluster.WriteFileAtomic(suite.ConfigPath, data); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "server reloads the config", func() (bool, string) {
		got := servingRevision(t)
		return got == cfg.Revision, fmt.Sprintf("serving revision %s, want %s", got, cfg.Revision)
	})
}

// runGoldenCase creates one case's pod and compares the outcome with its golden file.
func runGoldenCase(t *testing.T, c *mutatorstest.Case, expectedNS string) {
	golden, err := mutatorstest.ReadGolden(c.GoldenPath)
	if err != nil {
		t.Fatal(err)
	}
	labels := injected()
	for k, v := range c.Namespace.Labels {
		labels[k] = v
	}
	ns := newNamespace(t, labels, c.Namespace.Annotations)
	got, warnings, err := createPod(t, ns, c.Pod(), metav1.CreateOptions{})
	if golden.Pod == nil {
		// Denials of namespace defaults name the namespace: ours has another name.
		denials := make([]string, len(golden.Report.Denials))
		for i, d := range golden.Report.Denials {
			denials[i] = strings.ReplaceAll(d, "namespace."+c.Namespace.Name+".", "namespace."+ns+".")
		}
		assertDenied(t, err, cluster.WebhookInject, denials)
		return
	}
	if err != nil {
		t.Fatalf("golden case is admitted, the apiserver said: %v", err)
	}
	if !slices.Equal(warnings, golden.Report.Warnings) {
		t.Errorf("warnings the client received:\n  %s\ngolden:\n  %s",
			strings.Join(warnings, "\n  "), strings.Join(golden.Report.Warnings, "\n  "))
	}
	want := golden.Pod.DeepCopy()
	want.Namespace = expectedNS
	expected, _, err := createPod(t, expectedNS, want, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatalf("the apiserver rejects the golden pod itself: %v", err)
	}
	if diff := cmp.Diff(comparablePod(expected), comparablePod(got)); diff != "" {
		t.Errorf("stored pod differs from the golden pod (-golden +stored):\n%s", diff)
	}
	// The class podpatterns computes (QoS preservation, minQOSClass) is the apiserver's.
	if class := qos.ClassOf(got); got.Status.QOSClass != class {
		t.Errorf("qos.ClassOf = %s, the apiserver computed status.qosClass %s", class, got.Status.QOSClass)
	}
}

// assertDenied fails unless err is webhook's denial carrying every one of details.
func assertDenied(t *testing.T, err error, webhook string, details []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("admitted; want a denial by %s", webhook)
	}
	prefix := fmt.Sprintf("admission webhook %q denied the request: ", webhook)
	if !strings.Contains(err.Error(), prefix) {
		t.Fatalf("error %q is not a denial by %s", err, webhook)
	}
	for _, d := range details {
		if !strings.Contains(err.Error(), d) {
			t.Errorf("denial %q lacks %q", err, d)
		}
	}
}

// comparablePod keeps what admission decides: labels, annotations (the status
// annotation's revision neutralised: the golden files carry a fixed one), spec and the
// status the apiserver computes (phase, QoS class). Identity, timestamps and managed
// fields differ between any two objects and are dropped.
func comparablePod(p *corev1.Pod) *corev1.Pod {
	out := &corev1.Pod{Spec: *p.Spec.DeepCopy(), Status: *p.Status.DeepCopy()}
	out.Labels = p.Labels
	out.GenerateName = p.GenerateName
	if p.GenerateName == "" {
		out.Name = p.Name
	}
	out.OwnerReferences = p.OwnerReferences
	out.Annotations = map[string]string{}
	for k, v := range p.Annotations {
		out.Annotations[k] = v
	}
	if s, ok := mutators.ParseStatus(p.Annotations[mutators.AnnotationStatus]); ok {
		s.Revision = mutatorstest.Revision
		b, _ := json.Marshal(s)
		out.Annotations[mutators.AnnotationStatus] = string(b)
	}
	return out
}
