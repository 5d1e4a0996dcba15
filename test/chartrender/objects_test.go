package chartrender_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/podpatterns/podpatterns/certs"
	"github.com/podpatterns/podpatterns/test/chartrender"
	"github.com/podpatterns/podpatterns/webhook"
)

// clusterScoped are the cluster-scoped kinds the chart renders.
var clusterScoped = []string{"Namespace", "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"}

// TestObjectsDecodeStrictly: every object of a built-in kind decodes into its Go type
// without unknown fields, sits in the release namespace unless cluster-scoped, and
// carries the release's labels.
func TestObjectsDecodeStrictly(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		for _, obj := range m.Objects {
			typed, err := scheme.Scheme.New(obj.GroupVersionKind())
			if err == nil {
				if err := chartrender.DecodeStrict(obj, typed); err != nil {
					t.Error(err)
				}
			} else if !strings.HasSuffix(obj.GroupVersionKind().Group, "cert-manager.io") && obj.GroupVersionKind().Group != "monitoring.coreos.com" {
				t.Errorf("%s %s: unexpected kind", obj.GetKind(), obj.GetName())
			}
			wantNS := v.namespace()
			if slices.Contains(clusterScoped, obj.GetKind()) {
				wantNS = ""
			}
			if obj.GetNamespace() != wantNS {
				t.Errorf("%s %s in namespace %q, want %q", obj.GetKind(), obj.GetName(), obj.GetNamespace(), wantNS)
			}
			if obj.GetLabels()["app.kubernetes.io/instance"] != releaseName(v) {
				t.Errorf("%s %s lacks the instance label", obj.GetKind(), obj.GetName())
			}
		}
	})
}

func releaseName(v valueSet) string {
	if v.opts.ReleaseName != "" {
		return v.opts.ReleaseName
	}
	return chartrender.DefaultReleaseName
}

// TestCertManagerChain: self-signed Issuer -> CA Certificate -> CA Issuer -> serving
// Certificate for the Service's DNS names, renewed well before expiry, stored in the
// Secret the Deployment mounts; and none of it in self-managed mode.
func TestCertManagerChain(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		issuers, certificates := m.OfKind("Issuer"), m.OfKind("Certificate")
		if !v.certManager {
			if len(issuers)+len(certificates) > 0 {
				t.Errorf("self-managed mode renders %d Issuers and %d Certificates", len(issuers), len(certificates))
			}
			return
		}
		ns, fn := v.namespace(), v.fullname
		selfSigned := m.Find("Issuer", fn+"-selfsigned")
		if selfSigned == nil || !hasField(selfSigned, "spec", "selfSigned") {
			t.Fatal("no self-signed Issuer")
		}
		ca := m.Find("Certificate", fn+"-ca")
		if ca == nil || !boolField(ca, "spec", "isCA") || str(ca, "spec", "issuerRef", "name") != selfSigned.GetName() {
			t.Fatal("no CA Certificate issued by the self-signed Issuer")
		}
		if str(ca, "spec", "privateKey", "rotationPolicy") != "Never" {
			t.Error("the CA key must survive CA renewal so served certificates stay trusted")
		}
		caIssuer := m.Find("Issuer", fn+"-ca")
		if caIssuer == nil || str(caIssuer, "spec", "ca", "secretName") != str(ca, "spec", "secretName") {
			t.Fatal("no CA Issuer over the CA Certificate's Secret")
		}
		serving := m.Find("Certificate", fn+"-tls")
		if serving == nil || str(serving, "spec", "issuerRef", "name") != caIssuer.GetName() {
			t.Fatal("no serving Certificate issued by the CA Issuer")
		}
		names, _, _ := unstructured.NestedStringSlice(serving.Object, "spec", "dnsNames")
		if want := []string{fn + "." + ns + ".svc", fn + "." + ns + ".svc.cluster.local"}; !slices.Equal(names, want) {
			t.Errorf("serving dnsNames %v, want %v", names, want)
		}
		for _, c := range []*unstructured.Unstructured{ca, serving} {
			duration, err1 := time.ParseDuration(str(c, "spec", "duration"))
			renew, err2 := time.ParseDuration(str(c, "spec", "renewBefore"))
			if err1 != nil || err2 != nil || renew < duration/5 || renew >= duration {
				t.Errorf("%s: duration %s renewBefore %s: renewal must start well before expiry", c.GetName(), duration, renew)
			}
		}
		if !mountsSecret(deployment(t, m, fn), str(serving, "spec", "secretName"), "/var/run/podpatterns/certs") {
			t.Error("the Deployment does not mount the serving Certificate's Secret")
		}
	})
}

func str(obj *unstructured.Unstructured, path ...string) string {
	s, _, _ := unstructured.NestedString(obj.Object, path...)
	return s
}

func boolField(obj *unstructured.Unstructured, path ...string) bool {
	b, _, _ := unstructured.NestedBool(obj.Object, path...)
	return b
}

func hasField(obj *unstructured.Unstructured, path ...string) bool {
	_, ok, _ := unstructured.NestedFieldNoCopy(obj.Object, path...)
	return ok
}

func TestOptionalObjects(t *testing.T) {
	forEachSet(t, func(t *testing.T, v valueSet, m *chartrender.Manifests) {
		monitoring := v.name == "examples"
		for kind, want := range map[string]bool{
			"NetworkPolicy":  true, // on by default (issue 23)
			"ServiceMonitor": monitoring,
			"PrometheusRule": monitoring,
		} {
			if got := m.Find(kind, v.fullname) != nil; got != want {
				t.Errorf("%s rendered = %v, want %v", kind, got, want)
			}
		}
	})
}

// TestPrometheusRule: the alerts exist and the certificate alerts use the metric the
// certs package exports.
func TestPrometheusRule(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"prometheusRule": map[string]any{"enabled": true}}})
	rule := m.Find("PrometheusRule", "podpatterns")
	groups, _, _ := unstructured.NestedSlice(rule.Object, "spec", "groups")
	exprs := map[string]string{}
	for _, g := range groups {
		rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
		for _, r := range rules {
			r := r.(map[string]any)
			exprs[r["alert"].(string)] = r["expr"].(string)
		}
	}
	for alert, metric := range map[string]string{
		"PodpatternsCertificateExpiringSoon":   certs.MetricServingCertificateExpiry,
		"PodpatternsCertificateExpiryCritical": certs.MetricServingCertificateExpiry,
		"PodpatternsWebhookErrors":             "podpatterns_requests_total",
		"PodpatternsWebhookSlow":               "podpatterns_request_duration_seconds_bucket",
		"PodpatternsWebhookDown":               "up",
		"PodpatternsConfigReloadFailing":       webhook.MetricConfigLastReloadSuccessful,
		"PodpatternsRequestsRejected":          "podpatterns_rejected_total",
		"PodpatternsPanics":                    "podpatterns_panics_total",
		"PodpatternsConfigDroppedNames":        webhook.MetricConfigDropped,
	} {
		if !strings.Contains(exprs[alert], metric+`{job="podpatterns"`) {
			t.Errorf("alert %s expr %q does not select %s of this release", alert, exprs[alert], metric)
		}
	}
	// Down: no target at all (absent) counts as down, like every target at up == 0.
	if !strings.Contains(exprs["PodpatternsWebhookDown"], "or vector(0)) == 0") {
		t.Errorf("down alert does not cover absent series: %s", exprs["PodpatternsWebhookDown"])
	}
	if !strings.Contains(exprs["PodpatternsCertificateExpiringSoon"], "< 1209600") {
		t.Errorf("warning threshold is not 14 days: %s", exprs["PodpatternsCertificateExpiringSoon"])
	}
}

// TestKubeVersionConstraint: matchConditions and the native sleep preStop need 1.30.
func TestKubeVersionConstraint(t *testing.T) {
	if _, err := chartrender.Render(chartrender.Options{KubeVersion: "v1.29.9"}); err == nil || !strings.Contains(err.Error(), "kubeVersion") {
		t.Errorf("rendering for 1.29 = %v, want a kubeVersion error", err)
	}
	if _, err := chartrender.Render(chartrender.Options{KubeVersion: "v1.30.0"}); err != nil {
		t.Errorf("rendering for 1.30: %v", err)
	}
}

// TestEveryAlertHasARunbook: every alert links, by runbook_url, to a heading of
// docs/operations/troubleshooting.md that exists (GitHub's anchor: the heading in lower
// case), so an on-call engineer never lands on a missing section.
func TestEveryAlertHasARunbook(t *testing.T) {
	m := render(t, chartrender.Options{Values: map[string]any{"prometheusRule": map[string]any{"enabled": true}}})
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations", "troubleshooting.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			anchors[strings.ToLower(h)] = true
		}
	}
	groups, _, _ := unstructured.NestedSlice(m.Find("PrometheusRule", "podpatterns").Object, "spec", "groups")
	alerts := 0
	for _, g := range groups {
		rules, _, _ := unstructured.NestedSlice(g.(map[string]any), "rules")
		for _, r := range rules {
			alert, _ := r.(map[string]any)["alert"].(string)
			url, _, _ := unstructured.NestedString(r.(map[string]any), "annotations", "runbook_url")
			alerts++
			base, anchor, ok := strings.Cut(url, "#")
			if !ok || !strings.HasSuffix(base, "docs/operations/troubleshooting.md") || anchor != strings.ToLower(alert) || !anchors[anchor] {
				t.Errorf("alert %s: runbook_url %q does not point at a troubleshooting.md heading named after it", alert, url)
			}
		}
	}
	if alerts < 9 {
		t.Errorf("%d alerts, want at least 9 (429 rejections, panics and dropped config entries included)", alerts)
	}
}

// TestServiceMonitorOptions: the ServiceMonitor may live in the operator's namespace and
// still scrapes the release's; relabelings and metricRelabelings reach the endpoint.
func TestServiceMonitorOptions(t *testing.T) {
	relabel := []any{map[string]any{"targetLabel": "cluster", "replacement": "prod"}}
	drop := []any{map[string]any{"sourceLabels": []any{"__name__"}, "regex": "go_.*", "action": "drop"}}
	m := render(t, chartrender.Options{Values: map[string]any{"serviceMonitor": map[string]any{
		"enabled": true, "namespace": "monitoring", "relabelings": relabel, "metricRelabelings": drop}}})
	sm := m.Find("ServiceMonitor", "podpatterns")
	if sm.GetNamespace() != "monitoring" {
		t.Errorf("namespace %q, want monitoring", sm.GetNamespace())
	}
	release := m.Find("Deployment", "podpatterns").GetNamespace()
	if ns, _, _ := unstructured.NestedStringSlice(sm.Object, "spec", "namespaceSelector", "matchNames"); !slices.Equal(ns, []string{release}) {
		t.Errorf("namespaceSelector %v, want the release namespace %s", ns, release)
	}
	endpoints, _, _ := unstructured.NestedSlice(sm.Object, "spec", "endpoints")
	ep := endpoints[0].(map[string]any)
	if !reflect.DeepEqual(ep["relabelings"], relabel) || !reflect.DeepEqual(ep["metricRelabelings"], drop) {
		t.Errorf("endpoint %v lacks the relabelings", ep)
	}
}
