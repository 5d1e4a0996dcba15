package chartrender_test

import (
	"slices"
	"testing"

	"helm.sh/helm/v3/pkg/releaseutil"
	batchv1 "k8s.io/api/batch/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	psaapi "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// hook returns the hook object of a kind and name.
func hook(t *testing.T, m *chartrender.Manifests, kind, name string) chartrender.Hook {
	t.Helper()
	for _, h := range m.Hooks {
		if h.Object.GetKind() == kind && h.Object.GetName() == name {
			return h
		}
	}
	t.Fatalf("no %s hook %q rendered", kind, name)
	return chartrender.Hook{}
}

// TestHookJobs: the install check runs after install and upgrade, the cleanup before
// delete; both run a subcommand of the server image as restricted pods that the server's
// Service, PDB and NetworkPolicy never select; RBAC and Job come after their
// ServiceAccount (weights).
func TestHookJobs(t *testing.T) {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		for _, tt := range []struct {
			name, event, command string
			wantArgs             []string
		}{
			{v.fullname + "-check", "post-upgrade", "check-webhook", []string{"--namespace=" + v.fullname + "-check", "--timeout=2m"}},
			{v.fullname + "-cleanup", "pre-delete", "remove-webhooks", []string{"--mutating-webhook-configuration=" + v.fullname, "--validating-webhook-configuration=" + v.fullname}},
		} {
			h := hook(t, m, "Job", tt.name)
			sa := hook(t, m, "ServiceAccount", tt.name)
			if !slices.Contains(h.Events, tt.event) || h.Weight <= sa.Weight {
				t.Errorf("%s: events %v weight %d (ServiceAccount %d)", tt.name, h.Events, h.Weight, sa.Weight)
			}
			var job batchv1.Job
			if err := chartrender.DecodeStrict(h.Object, &job); err != nil {
				t.Fatal(err)
			}
			pod := job.Spec.Template
			c := pod.Spec.Containers[0]
			if c.Image != deployment(t, m, v.fullname).Spec.Template.Spec.Containers[0].Image || c.Args[0] != tt.command || !isSubset(tt.wantArgs, c.Args) {
				t.Errorf("%s runs %s %v", tt.name, c.Image, c.Args)
			}
			if pod.Spec.ServiceAccountName != tt.name {
				t.Errorf("%s runs as %q", tt.name, pod.Spec.ServiceAccountName)
			}
			if pod.Labels["app.kubernetes.io/name"] != "" {
				t.Errorf("%s: hook pod carries the server's selector labels %v", tt.name, pod.Labels)
			}
			res := evaluator.EvaluatePod(psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.LatestVersion()}, &pod.ObjectMeta, &pod.Spec)
			if agg := policy.AggregateCheckResults(res); !agg.Allowed {
				t.Errorf("%s violates PSS restricted: %s", tt.name, agg.ForbiddenReason())
			}
		}
	})
}

// TestHookRBAC: the check may only create pods in its own namespace, the cleanup only
// delete this release's two webhook configurations.
func TestHookRBAC(t *testing.T) {
	m := render(t, chartrender.Options{})
	var role rbacv1.Role
	if err := chartrender.DecodeStrict(hook(t, m, "Role", "podpatterns-check").Object, &role); err != nil {
		t.Fatal(err)
	}
	if role.Namespace != "podpatterns-check" || len(role.Rules) != 1 || !slices.Equal(role.Rules[0].Verbs, []string{"create"}) || !slices.Equal(role.Rules[0].Resources, []string{"pods"}) {
		t.Errorf("check role: %s %+v", role.Namespace, role.Rules)
	}
	var cr rbacv1.ClusterRole
	if err := chartrender.DecodeStrict(hook(t, m, "ClusterRole", "podpatterns-cleanup").Object, &cr); err != nil {
		t.Fatal(err)
	}
	if len(cr.Rules) != 1 || !slices.Equal(cr.Rules[0].Verbs, []string{"delete"}) || !slices.Equal(cr.Rules[0].ResourceNames, []string{"podpatterns"}) {
		t.Errorf("cleanup role: %+v", cr.Rules)
	}
	ns := m.Find("Namespace", "podpatterns-check")
	if ns == nil || ns.GetLabels()["podpatterns.io/inject"] != "enabled" || ns.GetLabels()["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("check namespace: %v", ns)
	}
}

// TestUninstallOrderNeedsTheCleanupHook shows why the pre-delete hook exists: in Helm's
// uninstall order the Service goes before the webhook configurations (kinds Helm does
// not know are deleted last), so only a hook can remove the configurations first.
func TestUninstallOrderNeedsTheCleanupHook(t *testing.T) {
	m := render(t, chartrender.Options{})
	var kinds []string
	for _, o := range m.Objects {
		kinds = append(kinds, o.GetKind())
	}
	sorted := slices.Clone(kinds)
	slices.SortStableFunc(sorted, func(a, b string) int { return uninstallRank(a) - uninstallRank(b) })
	if slices.Index(sorted, "Service") > slices.Index(sorted, "MutatingWebhookConfiguration") {
		t.Fatalf("Helm's uninstall order changed (%v): revisit the cleanup hook", sorted)
	}
	if h := hook(t, m, "Job", "podpatterns-cleanup"); !slices.Equal(h.Events, []string{"pre-delete"}) {
		t.Errorf("cleanup runs on %v", h.Events)
	}
	off := render(t, chartrender.Options{Values: map[string]any{"cleanupHook": map[string]any{"enabled": false}, "webhookCheck": map[string]any{"enabled": false}}})
	if len(off.Hooks) != 0 || off.Find("Namespace", "podpatterns-check") != nil {
		t.Errorf("hooks rendered while disabled: %d", len(off.Hooks))
	}
}

// uninstallRank is a kind's place in Helm's uninstall order; unknown kinds go last.
func uninstallRank(kind string) int {
	if i := slices.Index(releaseutil.UninstallOrder, kind); i >= 0 {
		return i
	}
	return len(releaseutil.UninstallOrder)
}

func isSubset(want, got []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
