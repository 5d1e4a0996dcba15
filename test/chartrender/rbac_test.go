package chartrender_test

import (
	"slices"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/podpatterns/podpatterns/test/chartrender"
)

// grant is one (apiGroup, resource, verb, resourceName) permission; resourceName "" means
// any name.
type grant struct {
	scope, group, resource, verb, name string
}

// grants flattens every Role and ClusterRole the chart renders.
func grants(t *testing.T, m *chartrender.Manifests) []grant {
	t.Helper()
	var out []grant
	for _, kind := range []string{"ClusterRole", "Role"} {
		for _, obj := range m.OfKind(kind) {
			var role rbacv1.ClusterRole // Role has the same rules shape
			if err := chartrender.DecodeStrict(obj, &role); err != nil {
				t.Fatal(err)
			}
			scope := "cluster"
			if kind == "Role" {
				scope = obj.GetNamespace()
			}
			for _, r := range role.Rules {
				if len(r.NonResourceURLs) > 0 {
					t.Errorf("%s %s grants non-resource URLs %v", kind, obj.GetName(), r.NonResourceURLs)
				}
				names := r.ResourceNames
				if len(names) == 0 {
					names = []string{""}
				}
				for _, g := range r.APIGroups {
					for _, res := range r.Resources {
						for _, v := range r.Verbs {
							for _, n := range names {
								out = append(out, grant{scope, g, res, v, n})
							}
						}
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b grant) int {
		return strings.Compare(a.scope+a.group+a.resource+a.verb+a.name, b.scope+b.group+b.resource+b.verb+b.name)
	})
	return out
}

// TestRBACIsMinimal: the exact set of permissions per mode. A new permission has to be
// added here on purpose.
func TestRBACIsMinimal(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		ns := v.namespace()
		want := []grant{
			{"cluster", "", "namespaces", "list", ""},
			{"cluster", "", "namespaces", "watch", ""},
			{"cluster", "scheduling.k8s.io", "priorityclasses", "list", ""},
			{"cluster", "scheduling.k8s.io", "priorityclasses", "watch", ""},
			{"cluster", "", "limitranges", "list", ""},
			{"cluster", "", "limitranges", "watch", ""},
			{"cluster", "", "resourcequotas", "list", ""},
			{"cluster", "", "resourcequotas", "watch", ""},
			{"cluster", "", "events", "create", ""},
			{"cluster", "", "events", "patch", ""},
		}
		if !v.certManager {
			want = append(want,
				grant{"cluster", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "get", v.fullname},
				grant{"cluster", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "update", v.fullname},
				grant{"cluster", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "get", v.fullname},
				grant{"cluster", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "update", v.fullname},
				// RBAC cannot restrict create by name; it is confined to the release namespace.
				grant{ns, "", "secrets", "create", ""},
				grant{ns, "", "secrets", "get", v.fullname + "-certs"},
				grant{ns, "", "secrets", "update", v.fullname + "-certs"},
			)
		}
		slices.SortFunc(want, func(a, b grant) int {
			return strings.Compare(a.scope+a.group+a.resource+a.verb+a.name, b.scope+b.group+b.resource+b.verb+b.name)
		})
		got := grants(t, m)
		if !slices.Equal(got, want) {
			t.Errorf("permissions:\n got  %v\n want %v", got, want)
		}
		for _, g := range got {
			if strings.Contains(g.group+g.resource+g.verb+g.name, "*") {
				t.Errorf("wildcard in %+v", g)
			}
		}
	})
}

// TestBindingsNameTheServiceAccount: every binding binds a rendered role to the
// Deployment's service account.
func TestBindingsNameTheServiceAccount(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		sa := deployment(t, m, v.fullname).Spec.Template.Spec.ServiceAccountName
		if m.Find("ServiceAccount", sa) == nil {
			t.Fatalf("service account %s not rendered", sa)
		}
		bindings := append(m.OfKind("ClusterRoleBinding"), m.OfKind("RoleBinding")...)
		if len(bindings) == 0 {
			t.Fatal("no bindings")
		}
		for _, obj := range bindings {
			var b rbacv1.RoleBinding
			if err := chartrender.DecodeStrict(obj, &b); err != nil {
				t.Fatal(err)
			}
			if m.Find(b.RoleRef.Kind, b.RoleRef.Name) == nil {
				t.Errorf("%s %s refers to unrendered %s %s", obj.GetKind(), b.Name, b.RoleRef.Kind, b.RoleRef.Name)
			}
			if len(b.Subjects) != 1 || b.Subjects[0].Name != sa || b.Subjects[0].Namespace != v.namespace() {
				t.Errorf("%s %s subjects %+v, want only %s/%s", obj.GetKind(), b.Name, b.Subjects, v.namespace(), sa)
			}
		}
	})
}
