package e2e

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	psaapi "k8s.io/pod-security-admission/api"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
	"github.com/podpatterns/podpatterns/test/cluster"
)

// platformLevels are the Pod Security levels the platform suite's namespaces enforce.
var platformLevels = []psaapi.Level{psaapi.LevelRestricted, psaapi.LevelBaseline}

// TestPlatformEveryGoldenPod is the rule through the real API server: podpatterns never
// makes the API server reject a pod it admits without podpatterns. Every golden case's
// pod, hardened to restricted where its author left the fields unset
// (mutatorstest.HardenRestricted), is dry-run created in namespaces enforcing
// restricted and baseline that hold a LimitRange and a ResourceQuota and run a second
// mutating webhook (the agent injector, after podpatterns, reinvocation IfNeeded):
// once where podpatterns selects nothing, once with the case's own podpatterns labels
// and annotations. Admitted without podpatterns means admitted with it — injected, or
// skipped with a warning naming the reason — unless podpatterns' own policy denies it
// (a profile, an annotation value), which the admission core must decide too for the
// pod with the agent's container (the validating webhook judges the final pod).
// Sequential: it switches the server's config per group of cases.
func TestPlatformEveryGoldenPod(t *testing.T) {
	root, err := cluster.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cases, err := mutatorstest.LoadCases(root + "/mutators/testdata")
	if err != nil {
		t.Fatal(err)
	}
	agent := startAgentInjector(t)
	without := map[psaapi.Level]string{}
	for _, level := range platformLevels {
		without[level] = platformNamespace(t, level, nil, nil)
	}
	eventually(t, 10*time.Second, "the agent injector is called", func() (bool, string) {
		probe, _, err := createPod(t, without[psaapi.LevelRestricted], hardened(podInNamespace("probe", nil)), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		return err == nil && slices.Contains(containerNames(probe), agentName), "no agent in a dry-run pod yet"
	})
	t.Cleanup(func() { useConfig(t, suite.DefaultConfig) })
	var n platformCounts
	start := time.Now()
	for _, g := range groupCases(cases) {
		useConfig(t, g[0].ConfigData)
		createPriorityClasses(t, g)
		namespaces := map[string]string{}
		for _, c := range g {
			for _, level := range platformLevels {
				key := string(level) + toJSON(c.Namespace.Labels) + toJSON(c.Namespace.Annotations)
				if _, ok := namespaces[key]; !ok {
					namespaces[key] = platformNamespace(t, level, c.Namespace.Labels, c.Namespace.Annotations)
				}
				runPlatformCase(t, c, level, without[level], namespaces[key], &n)
			}
		}
	}
	logf("platform: %d case runs in %s: %d admitted without podpatterns (%d not: the platform refuses the hardened pod itself), "+
		"%d admitted with it (%d injections, %d skips with a warning, %d of them pod-security), %d denied by podpatterns' own policy; agent called %d times",
		2*len(cases), since(start), n.without, n.notWithout, n.with, n.injected, n.skipped, n.podSecurity, n.policy, agent.calls.Load())
	if n.without < len(cases) || n.injected == 0 || n.skipped == 0 {
		t.Errorf("too little exercised: %+v", n)
	}
}

// platformCounts tallies the suite's outcomes.
type platformCounts struct {
	without, notWithout, with, policy, injected, skipped, podSecurity int
}

// runPlatformCase creates one case's hardened pod without podpatterns (plain) and with
// it (ns), both dry-run, and checks the rule.
func runPlatformCase(t *testing.T, c *mutatorstest.Case, level psaapi.Level, plain, ns string, n *platformCounts) {
	t.Helper()
	pod := hardened(c.Pod())
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	if _, _, err := createPod(t, plain, pod, dry); err != nil {
		n.notWithout++
		return
	}
	n.without++
	got, warnings, err := createPod(t, ns, pod, dry)
	if err != nil {
		if !podpatternsDenial(err) {
			t.Errorf("%s (%s): admitted without podpatterns, rejected with it: %v", c.Name, level, err)
			return
		}
		p, perr := c.Pipeline()
		if perr != nil {
			t.Fatal(perr)
		}
		// The validating webhook judges the final pod, the agent's container included.
		final := hardened(c.Pod())
		final.Spec.Containers = append(final.Spec.Containers, agentContainer(final))
		nsView := mutators.Namespace{Name: ns, Labels: c.Namespace.Labels, Annotations: c.Namespace.Annotations}
		if d, derr := p.Decide(final, nsView); derr != nil || d.Allowed() {
			t.Errorf("%s (%s): denied by podpatterns through the API server, the core admits it: %v", c.Name, level, err)
		}
		n.policy++
		return
	}
	n.with++
	if !slices.Contains(containerNames(got), agentName) {
		t.Errorf("%s (%s): the agent injector's container is missing: %v", c.Name, level, containerNames(got))
	}
	if names := containerNames(got); len(slices.Compact(slices.Sorted(slices.Values(names)))) != len(names) {
		t.Errorf("%s (%s): a container appears twice (reinvocation): %v", c.Name, level, names)
	}
	if s, ok := statusOf(got); ok {
		for _, templates := range s.Injected {
			n.injected += len(templates)
		}
	}
	for _, w := range warnings {
		if strings.Contains(w, " not injected (") {
			n.skipped++
		}
		if strings.Contains(w, "("+string(mutators.SkipPodSecurity)+")") {
			n.podSecurity++
		}
	}
}

// hardened is pod hardened to restricted where its author left the fields unset.
func hardened(pod *corev1.Pod) *corev1.Pod {
	pod = pod.DeepCopy()
	mutatorstest.HardenRestricted(pod)
	return pod
}

// groupCases groups cases by config, the shared default config first.
func groupCases(cases []*mutatorstest.Case) [][]*mutatorstest.Case {
	var groups [][]*mutatorstest.Case
	for _, c := range cases {
		i := slices.IndexFunc(groups, func(g []*mutatorstest.Case) bool { return bytes.Equal(g[0].ConfigData, c.ConfigData) })
		if i < 0 {
			groups = append(groups, nil)
			i = len(groups) - 1
		}
		groups[i] = append(groups[i], c)
	}
	slices.SortStableFunc(groups, func(a, b []*mutatorstest.Case) int { return boolRank(a[0].Inline) - boolRank(b[0].Inline) })
	return groups
}
