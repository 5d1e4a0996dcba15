package e2e

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/podpatterns/podpatterns/admission"
	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/qos"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// minDoorRows guards against a path or profile mistake that would load little and pass.
const minDoorRows = 400

// apiserverWarningRunes is the total size of warnings the apiserver passes on unchanged
// (k8s.io/apiserver/pkg/endpoints/filters/warning.go, truncateAtTotalRunes = 4 Ki runes:
// beyond it every warning is cut to 256 runes and later ones are dropped).
const apiserverWarningRunes = 4 * 1024

// TestEveryDoorThroughAPIServer is the apiserver's door of one decision, three doors:
// every row of the shared table (mutatorstest.Doors: each golden case in its own
// namespace and in one namespace per profile of examples/config.yaml and the chart's
// default values) is dry-run created through the real apiserver with both webhooks
// (server-side dry-run calls them: sideEffects None), and the outcome must be the
// admission core's decision (admission.Pipeline.Decide, computed here for the same row):
// denied by the same webhook with the same message, or admitted with the same warnings
// (mutating, then validating) and the core's mutated pod as stored — compared after the
// apiserver's own defaulting by dry-run creating the core's pod in a namespace no webhook
// selects. The CLI and the HTTP handlers give the same decisions for the same table (cmd
// TestEveryDoorDecidesAlike), and the core is the golden files' (mutators TestGolden).
//
// Rows are grouped by config; the server is switched to each group's config by hot
// reload. Rows with the same namespace labels and annotations share one namespace.
func TestEveryDoorThroughAPIServer(t *testing.T) {
	root, err := cluster.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := mutatorstest.LoadCases(root + "/mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	doors, err := mutatorstest.Doors(root, cases)
	if err != nil {
		t.Fatal(err)
	}
	if len(doors) < minDoorRows {
		t.Fatalf("only %d rows in the table, want at least %d", len(doors), minDoorRows)
	}
	start := time.Now()
	expected := &expectedPods{ns: newNamespace(t, nil, nil), stored: map[string]*corev1.Pod{}}
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	for _, g := range groupDoors(doors) {
		t.Run(g.name, func(t *testing.T) {
			useConfig(t, g.data)
			createPriorityClasses(t, g.cases())
			p, err := g.rows[0].Pipeline()
			if err != nil {
				t.Fatal(err)
			}
			namespaces := map[string]string{}
			for _, d := range g.rows {
				key := doorNamespaceKey(d)
				if _, ok := namespaces[key]; !ok {
					namespaces[key] = newNamespace(t, d.Namespace.Labels, d.Namespace.Annotations)
					createRanges(t, namespaces[key], d.Case.LimitRanges)
				}
			}
			for _, d := range g.rows {
				t.Run(d.Case.Name+"/"+d.Name(), func(t *testing.T) {
					t.Parallel()
					ns := d.Namespace
					ns.Name = namespaces[doorNamespaceKey(d)]
					rp := p
					if len(d.Case.LimitRanges) > 0 { // the group's pipeline holds its first case's ranges
						var err error
						if rp, err = d.Pipeline(); err != nil {
							t.Fatal(err)
						}
						awaitRanges(t, d, rp, ns)
					}
					runDoor(t, d, rp, ns, expected)
				})
			}
		})
	}
	logf("%d rows (%d golden cases) through the apiserver in %s", len(doors), len(cases), since(start))
}

// doorNamespaceKey: rows share a namespace when its labels, annotations and LimitRanges
// are the same.
func doorNamespaceKey(d mutatorstest.Door) string {
	return toJSON(d.Namespace.Labels) + toJSON(d.Namespace.Annotations) + toJSON(d.Case.LimitRanges)
}

// awaitRanges waits until the server's LimitRange informer has delivered the row's
// ranges: until a dry-run creation warns as the core does.
func awaitRanges(t *testing.T, d mutatorstest.Door, p *admission.Pipeline, ns mutators.Namespace) {
	t.Helper()
	core, err := p.Decide(d.Case.Pod(), ns)
	if err != nil {
		t.Fatal(err)
	}
	want := dedupe(core.Warnings())
	eventually(t, 15*time.Second, "the server knows the namespace's LimitRanges", func() (bool, string) {
		_, warnings, _ := createPod(t, ns.Name, d.Case.Pod(), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return slices.Equal(warnings, want), strings.Join(warnings, "; ")
	})
}

// runDoor creates one row's pod (dry-run) and compares the apiserver's outcome with the
// core's decision.
func runDoor(t *testing.T, d mutatorstest.Door, p *admission.Pipeline, ns mutators.Namespace, expected *expectedPods) {
	core, err := p.Decide(d.Case.Pod(), ns)
	if err != nil {
		t.Fatal(err)
	}
	want := dedupe(core.Warnings())
	if n := runes(want); n > apiserverWarningRunes {
		t.Errorf("the core's warnings take %d runes, more than the %d the apiserver passes on whole", n, apiserverWarningRunes)
	}
	got, warnings, err := createPod(t, ns.Name, d.Case.Pod(), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	warnings = withoutPodSecurityWarnings(warnings)
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings the client received:\n  %s\ncore:\n  %s", strings.Join(warnings, "\n  "), strings.Join(want, "\n  "))
	}
	if !core.Allowed() {
		webhook := cluster.WebhookProfiles
		if core.Mutation.Denied() {
			webhook = mutatingWebhookOf(ns)
		}
		wantErr := fmt.Sprintf("admission webhook %q denied the request: %s", webhook, core.Denial())
		if err == nil || err.Error() != wantErr {
			t.Fatalf("the apiserver answered %v\ncore: %s", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("the core admits the pod, the apiserver said: %v", err)
	}
	stored := expected.of(t, core.Mutation.Pod)
	if diff := cmp.Diff(comparablePod(stored), comparablePod(got)); diff != "" {
		t.Errorf("stored pod differs from the core's mutated pod (-core +stored):\n%s", diff)
	}
	// The class podpatterns computes (QoS preservation, minQOSClass) is the apiserver's.
	if class := qos.ClassOf(got); got.Status.QOSClass != class {
		t.Errorf("qos.ClassOf = %s, the apiserver computed status.qosClass %s", class, got.Status.QOSClass)
	}
}

// mutatingWebhookOf is the chart's mutating webhook that sees pods of ns: inject where
// the namespace opted in, else defaults (a namespace that only names a profile).
func mutatingWebhookOf(ns mutators.Namespace) string {
	if ns.Labels[mutators.LabelInject] == mutators.InjectEnabled {
		return cluster.WebhookInject
	}
	return cluster.WebhookDefaults
}

// expectedPods are the core's mutated pods as the apiserver stores them (its own
// defaulting applied), dry-run created once per distinct pod in a namespace no webhook
// selects.
type expectedPods struct {
	ns     string
	mu     sync.Mutex
	stored map[string]*corev1.Pod
}

func (e *expectedPods) of(t *testing.T, pod *corev1.Pod) *corev1.Pod {
	t.Helper()
	key := toJSON(pod)
	e.mu.Lock()
	got, ok := e.stored[key]
	e.mu.Unlock()
	if ok {
		return got
	}
	want := pod.DeepCopy()
	want.Namespace = e.ns
	got, _, err := createPod(t, e.ns, want, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if err != nil {
		t.Fatalf("the apiserver rejects the core's mutated pod itself: %v", err)
	}
	e.mu.Lock()
	e.stored[key] = got
	e.mu.Unlock()
	return got
}

// doorGroup is the rows that share one config.
type doorGroup struct {
	name string
	data []byte
	rows []mutatorstest.Door
}

// cases are the group's golden cases, once each.
func (g *doorGroup) cases() []*mutatorstest.Case {
	var out []*mutatorstest.Case
	for _, d := range g.rows {
		if !slices.Contains(out, d.Case) {
			out = append(out, d.Case)
		}
	}
	return out
}

// groupDoors groups rows by config, the shared default config (examples/config.yaml)
// first, so the server reloads once per distinct config.
func groupDoors(doors []mutatorstest.Door) []*doorGroup {
	var groups []*doorGroup
	for _, d := range doors {
		i := slices.IndexFunc(groups, func(g *doorGroup) bool { return bytes.Equal(g.data, d.ConfigData) })
		if i < 0 {
			name := "examples-config"
			if d.Case.Inline {
				name = "config-of-" + d.Case.Name
			}
			groups = append(groups, &doorGroup{name: name, data: d.ConfigData})
			i = len(groups) - 1
		}
		groups[i].rows = append(groups[i].rows, d)
	}
	slices.SortStableFunc(groups, func(a, b *doorGroup) int {
		return boolRank(a.rows[0].Case.Inline) - boolRank(b.rows[0].Case.Inline)
	})
	return groups
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// withoutPodSecurityWarnings drops the API server's own Pod Security warnings (a
// namespace's warn level): they are not podpatterns' to give.
func withoutPodSecurityWarnings(warnings []string) []string {
	return slices.DeleteFunc(warnings, func(w string) bool { return strings.HasPrefix(w, "would violate PodSecurity ") })
}

// dedupe drops repeated warnings, as the apiserver's warning recorder does.
func dedupe(warnings []string) []string {
	var out []string
	for _, w := range warnings {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// runes is the total length of warnings in runes, as the apiserver counts it.
func runes(warnings []string) int {
	n := 0
	for _, w := range warnings {
		n += utf8.RuneCountInString(w)
	}
	return n
}
