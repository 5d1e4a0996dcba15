package mutators_test

import (
	"maps"
	"strings"
	"testing"

	psaapi "k8s.io/pod-security-admission/api"

	"github.com/podpatterns/podpatterns/mutators"
	"github.com/podpatterns/podpatterns/mutators/mutatorstest"
)

// TestInjectionsKeepPodSecurity is the rule on every golden case: the case's pod,
// hardened to "restricted" where its author left the fields unset, in its namespace
// now enforcing restricted, comes out of the chain still meeting restricted (an
// injection that would break it is skipped with reason pod-security and a warning).
// Cases whose pod cannot meet restricted (hostPath, runAsUser 0) are left out.
func TestInjectionsKeepPodSecurity(t *testing.T) {
	cases, err := mutatorstest.LoadCases("testdata")
	if err != nil {
		t.Fatal(err)
	}
	judged, injected, refused := 0, 0, 0
	for _, c := range cases {
		pod := c.Pod()
		mutatorstest.HardenRestricted(pod)
		if mutatorstest.MeetsLevel(psaapi.LevelRestricted, pod) != nil {
			continue
		}
		judged++
		ns := c.Namespace
		ns.Labels = maps.Clone(ns.Labels)
		if ns.Labels == nil {
			ns.Labels = map[string]string{}
		}
		ns.Labels[psaapi.EnforceLevelLabel] = string(psaapi.LevelRestricted)
		p, err := c.Pipeline()
		if err != nil {
			t.Fatal(err)
		}
		m, err := p.MutatePod(pod, ns)
		if err != nil {
			t.Fatal(err)
		}
		if failed := mutatorstest.MeetsLevel(psaapi.LevelRestricted, m.Pod); failed != nil {
			t.Errorf("%s: the hardened pod met restricted; with podpatterns it fails: %s", c.Name, strings.Join(failed, ", "))
		}
		injected += len(m.Report.Injected)
		for _, s := range m.Report.Skipped {
			if s.Reason == mutators.SkipPodSecurity {
				refused++
			}
		}
	}
	t.Logf("%d of %d cases judged: %d injections kept, %d refused (pod-security)", judged, len(cases), injected, refused)
	if judged < len(cases)/2 || injected == 0 || refused == 0 {
		t.Fatalf("judged %d of %d cases, %d injections, %d refusals: the rule was not exercised", judged, len(cases), injected, refused)
	}
}

// TestShippedTemplatesMeetRestricted: examples/config.yaml's templates are injected in
// a namespace enforcing restricted (none is refused for pod-security), so the shipped
// configuration keeps a compliant namespace compliant.
func TestShippedTemplatesMeetRestricted(t *testing.T) {
	p := mutatorstest.ExampleConfig(t)
	pod := mutatorstest.AllPatternsPod()
	mutatorstest.HardenRestricted(pod)
	ns := mutators.Namespace{Name: "platform", Labels: map[string]string{
		mutators.LabelInject: mutators.InjectEnabled, psaapi.EnforceLevelLabel: string(psaapi.LevelRestricted)}}
	chain := mutators.New(p.Config.Mutators, mutatorstest.Options())
	req := mutators.NewRequest(pod, ns)
	chain.Mutate(req)
	for _, s := range req.Report.Skipped {
		t.Errorf("skipped %s %q (%s): %s", s.Pattern, s.Template, s.Reason, s.Message)
	}
	if failed := mutatorstest.MeetsLevel(psaapi.LevelRestricted, req.Pod); failed != nil {
		t.Errorf("the all-patterns pod fails restricted: %s", strings.Join(failed, ", "))
	}
	if len(req.Report.Injected) < 6 {
		t.Errorf("injected %v, want every pattern", req.Report.Injected)
	}
}

// TestPodAlreadyFailingTheEnforcedLevel: a pod that fails the level its namespace
// enforces is rejected (or exempt) with or without podpatterns: nothing to protect, so
// a template it would fail anyway is injected, with no pod-security skip. (Not a golden
// case: the API server door rejects that pod.)
func TestPodAlreadyFailingTheEnforcedLevel(t *testing.T) {
	cfg := mutatorstest.ExampleConfig(t).Config.Mutators
	unhardened := cfg.Sidecars["log-shipper"]
	unhardened.Container.SecurityContext = nil
	cfg.Sidecars = map[string]mutators.SidecarTemplate{"log-shipper": unhardened}
	chain := mutators.New(cfg, mutatorstest.Options())
	ns := mutators.Namespace{Name: "platform", Labels: map[string]string{
		mutators.LabelInject: mutators.InjectEnabled, psaapi.EnforceLevelLabel: string(psaapi.LevelRestricted)}}
	for _, hardenedPod := range []bool{false, true} {
		pod := appPod(map[string]string{mutators.AnnotationSidecars: "log-shipper"})
		if hardenedPod {
			mutatorstest.HardenRestricted(pod)
		}
		req := mutators.NewRequest(pod, ns)
		chain.Mutate(req)
		if injected := len(req.Report.Injected) == 1; injected == hardenedPod {
			t.Errorf("hardened pod %v: report %+v; want the template injected only into the pod that fails restricted already", hardenedPod, req.Report)
		}
	}
}
